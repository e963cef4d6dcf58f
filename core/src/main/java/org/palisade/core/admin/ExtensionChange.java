package org.palisade.core.admin;

/** The fields an admin changes on an extension; null leaves a field as it is. */
public record ExtensionChange(String name, String department, String profile, char[] password, Boolean enabled) {
}
