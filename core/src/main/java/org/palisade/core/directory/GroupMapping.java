package org.palisade.core.directory;

import java.util.Locale;
import java.util.Objects;
import org.palisade.core.account.Role;

/**
 * A directory group that gives its members a rights profile (the first match by rank wins) or a
 * web role (for logins with directory credentials).
 *
 * @param groupDn the group's DN in normalised form (the directory module normalises it), so one
 *                group has one spelling
 * @param target  the profile name for {@link Kind#PROFILE}, the role label for {@link Kind#ROLE}
 * @param rank    lower first; only profiles use it
 */
public record GroupMapping(String groupDn, Kind kind, String target, int rank) {

    public static final int DEFAULT_RANK = 100;

    public enum Kind {
        PROFILE,
        ROLE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public GroupMapping {
        if (groupDn == null || groupDn.isBlank()) {
            throw new IllegalArgumentException("group: a DN is required");
        }
        if (groupDn.length() > 500) {
            throw new IllegalArgumentException("group: at most 500 characters");
        }
        Objects.requireNonNull(kind, "kind");
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException(kind.label() + ": required");
        }
        if (kind == Kind.ROLE) {
            target = Role.requireAccountRole(Role.parse(target)).label();
        }
        if (rank < 0 || rank > 1_000_000) {
            throw new IllegalArgumentException("rank: 0 to 1000000, got " + rank);
        }
    }

    /** The role, for {@link Kind#ROLE} mappings. */
    public Role role() {
        if (kind != Kind.ROLE) {
            throw new IllegalStateException("a " + kind.label() + " mapping has no role");
        }
        return Role.parse(target);
    }
}
