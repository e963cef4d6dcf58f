package org.palisade.core.account;

/** The fields an admin changes on an admin user; null leaves a field as it is. */
public record AdminUserChange(Role role, char[] password, Boolean enabled) {

    public boolean isEmpty() {
        return role == null && password == null && enabled == null;
    }
}
