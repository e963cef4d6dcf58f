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
    FINANCE,
    /**
     * A directory user whose groups map to no role: their own extension, registrations, calls and
     * device password ({@code /api/me*}) only. Never a local account's role nor a group mapping's
     * target (see {@link #requireAccountRole}).
     */
    SELF_SERVICE;

    /**
     * How admins write it on the command line and in JSON: {@code admin}, {@code auditor},
     * {@code finance}; {@code self-service}.
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @return the role, when a local account or a group mapping may have it (not self-service)
     * @throws IllegalArgumentException "role: ..."
     */
    public static Role requireAccountRole(Role role) {
        if (role == SELF_SERVICE) {
            throw new IllegalArgumentException("role: 'self-service' is for directory users only; one of admin, auditor, finance");
        }
        return role;
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
                + Arrays.stream(values()).filter(r -> r != SELF_SERVICE).map(Role::label).collect(Collectors.joining(", ")));
    }
}
