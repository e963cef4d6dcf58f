package org.palisade.directory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;

/** Distinguished names in one spelling, so a group written two ways is one group. */
public final class Dns {

    private Dns() {
    }

    /**
     * @param field named in the error
     * @throws IllegalArgumentException "FIELD: not a valid DN ..."
     */
    public static String normalize(String dn, String field) {
        if (dn == null || dn.isBlank()) {
            throw new IllegalArgumentException(field + ": a DN is required");
        }
        try {
            return new DN(dn.trim()).toNormalizedString();
        } catch (LDAPException e) {
            throw new IllegalArgumentException(field + ": not a valid DN '" + dn + "': " + e.getExceptionMessage());
        }
    }

    /** For values read from the directory: an unparseable one is kept lower-cased rather than dropped. */
    static String normalizeLenient(String dn) {
        try {
            return new DN(dn).toNormalizedString();
        } catch (LDAPException e) {
            return dn.trim().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
