package org.palisade.web.session;

import org.palisade.core.account.Role;

/**
 * Logins with directory credentials, for names that are not local accounts. Implemented by the
 * server module with the directory module's client; the web module only knows this interface.
 * Directory passwords are checked by binding as the user and are never stored.
 */
public interface DirectoryLogins {

    sealed interface Result {
        /** @param role from the group mappings; {@link Role#SELF_SERVICE} when none maps */
        record Accepted(String username, Role role) implements Result {
        }

        /** @param reason for the audit log only: "unknown user", "wrong password", "directory unreachable", ... */
        record Refused(String reason) implements Result {
        }
    }

    /**
     * Checks a login; never throws for a directory that is down (Refused instead).
     *
     * @return null when no directory is configured (the local refusal stands)
     */
    Result check(String name, char[] password);

    /**
     * Re-reads the user's membership with the service account.
     *
     * @return null while the session may go on (same role, or the directory cannot be asked right
     *         now); otherwise why it ends
     */
    String recheck(String username, Role role);

    /**
     * When the directory sync last finished, on any node or from the CLI (0: never). A session
     * checked before that is checked again at its next request, so a sync that took someone out
     * of a group ends their session then, not only after the re-check interval.
     */
    default long lastSyncMillis() {
        return 0;
    }
}
