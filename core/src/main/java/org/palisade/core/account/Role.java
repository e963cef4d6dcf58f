package org.palisade.core.account;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a web user may do. Deny by default: every endpoint names the roles it admits.
 * Separation of duties: no role can edit or delete audit entries or archived chat.
 */
public enum Role {
    /** Changes configuration (extensions, profiles, trunks, relay nodes, admin users). */
    ADMIN,
    /** Reads the audit log, the chat archive, CDRs and configuration; changes nothing. */
    AUDITOR,
    /** Reads and exports CDRs and their summaries only. */
    FINANCE;

    /** How admins write it on the command line and in JSON: {@code admin}, {@code auditor}, {@code finance}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException "role: ..." naming the known labels */
    public static Role parse(String label) {
        if (label != null) {
            for (Role r : values()) {
                if (r.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
                    return r;
                }
            }
        }
        throw new IllegalArgumentException("role: '" + label + "' is not one of "
                + Arrays.stream(values()).map(Role::label).collect(Collectors.joining(", ")));
    }
}
