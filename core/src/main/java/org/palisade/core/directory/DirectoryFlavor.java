package org.palisade.core.directory;

import java.util.Locale;

/** Which kind of directory server Palisade reads: it decides the preset attribute mapping and how groups nest. */
public enum DirectoryFlavor {
    /** Microsoft Active Directory. */
    AD,
    /** OpenLDAP (and other servers with the inetOrgPerson schema). */
    OPENLDAP;

    /** As admins write it: {@code ad}, {@code openldap}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException "flavor: ..." */
    public static DirectoryFlavor parse(String label) {
        if (label != null) {
            for (DirectoryFlavor f : values()) {
                if (f.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
                    return f;
                }
            }
        }
        throw new IllegalArgumentException("flavor: 'ad' or 'openldap', got '" + label + "'");
    }
}
