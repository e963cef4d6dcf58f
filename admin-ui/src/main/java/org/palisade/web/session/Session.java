package org.palisade.web.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import org.palisade.core.account.AdminUser;
import org.palisade.web.api.Principal;

/**
 * One login: who, from where, since when, last seen when, and the CSRF token its state-changing
 * requests must carry. Lives in memory only.
 */
public final class Session {

    private final String id;
    private final Principal principal;
    private final String csrfToken;
    private final long createdMillis;
    private final String source;
    /** What the account looked like at login; any change (role, password, enabled) ends the session. */
    private final AdminUser account;
    private volatile long lastSeenMillis;
    /** When the directory last confirmed a directory user's role (0 for local accounts). */
    private volatile long checkedMillis;

    Session(String id, AdminUser account, String csrfToken, long nowMillis, String source) {
        this(id, new Principal(account.name(), account.role()), account, csrfToken, nowMillis, source);
    }

    /** A directory user's session: no local account; its role is re-checked with the directory. */
    Session(String id, Principal principal, String csrfToken, long nowMillis, String source) {
        this(id, principal, null, csrfToken, nowMillis, source);
    }

    private Session(String id, Principal principal, AdminUser account, String csrfToken, long nowMillis, String source) {
        this.id = id;
        this.principal = principal;
        this.account = account;
        this.csrfToken = csrfToken;
        this.createdMillis = nowMillis;
        this.lastSeenMillis = nowMillis;
        this.checkedMillis = nowMillis;
        this.source = source;
    }

    /** Logged in with directory credentials (no local account). */
    public boolean directory() {
        return account == null;
    }

    long checkedMillis() {
        return checkedMillis;
    }

    void checked(long nowMillis) {
        checkedMillis = nowMillis;
    }

    String id() {
        return id;
    }

    public Principal principal() {
        return principal;
    }

    public String csrfToken() {
        return csrfToken;
    }

    /** Compared in constant time, so that the token cannot be guessed byte by byte. */
    public boolean csrfMatches(String candidate) {
        return candidate != null && MessageDigest.isEqual(csrfToken.getBytes(StandardCharsets.US_ASCII),
                candidate.getBytes(StandardCharsets.US_ASCII));
    }

    public Instant created() {
        return Instant.ofEpochMilli(createdMillis);
    }

    public Instant lastSeen() {
        return Instant.ofEpochMilli(lastSeenMillis);
    }

    /** The address the login came from. */
    public String source() {
        return source;
    }

    long createdMillis() {
        return createdMillis;
    }

    long lastSeenMillis() {
        return lastSeenMillis;
    }

    void seen(long nowMillis) {
        lastSeenMillis = nowMillis;
    }

    /** Null for a directory user. */
    AdminUser account() {
        return account;
    }

    @Override
    public String toString() {
        return "Session[" + principal.username() + " from " + source + "]"; // never the id or the token
    }
}
