package org.palisade.web.session;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.palisade.core.account.AdminUser;
import org.palisade.core.audit.AuditEvent;
import org.palisade.core.audit.AuditType;
import org.palisade.web.api.WebAudit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live sessions of this node, in memory: a restart logs everybody out, and with several
 * nodes a browser must keep talking to the one it logged in on. In exchange nothing about a
 * session ever touches disk or the database.
 *
 * <p>A session ends on logout; after {@code idle} without a request; {@code maxAge} after its
 * login whatever the activity; or as soon as its account is removed, disabled, or changes role
 * or password (from the web or the CLI: the account is re-read on each request). Each end that
 * is not a logout is audited as ADMIN_SESSION_EXPIRED exactly once, by whoever notices first: the
 * request that finds it (and gets 401) or the periodic {@link #sweep()}.
 */
public final class SessionStore {

    private static final Logger LOG = LoggerFactory.getLogger(SessionStore.class);

    /** What a session id leads to. */
    public sealed interface Lookup {
        record Active(Session session) implements Lookup {
        }

        /** It existed and has just ended for {@code reason}. */
        record Expired(String reason) implements Lookup {
        }

        /** No such session: never was, logged out, or already swept. */
        record None() implements Lookup {
        }
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Duration idle;
    private final Duration maxAge;
    private final Clock clock;
    private final WebAudit audit;
    private final Function<String, Optional<AdminUser>> accounts;
    private final SecureRandom random = new SecureRandom();
    private volatile DirectoryLogins directory;
    private volatile Duration recheck = Duration.ofMinutes(5);

    /** @param accounts reads an account as stored now, by name */
    public SessionStore(Duration idle, Duration maxAge, Clock clock, WebAudit audit, Function<String, Optional<AdminUser>> accounts) {
        if (idle.isNegative() || idle.isZero() || maxAge.compareTo(idle) < 0) {
            throw new IllegalArgumentException("sessions: the idle timeout must be positive and not longer than the lifetime");
        }
        this.idle = idle;
        this.maxAge = maxAge;
        this.clock = clock;
        this.audit = audit;
        this.accounts = accounts;
    }

    /** A new session, with a new random id and CSRF token (never one the browser brought along). */
    public Session open(AdminUser account, String source) {
        Session s = new Session(randomToken(), account, randomToken(), clock.millis(), source);
        sessions.put(s.id(), s);
        return s;
    }

    /**
     * Directory users' sessions: their membership is re-read on the first request after
     * {@code every} since the last check (and never without a request); one whose user left the
     * mapped group, was disabled or removed ends.
     */
    public void directory(DirectoryLogins logins, Duration every) {
        this.directory = logins;
        this.recheck = every;
    }

    /** A directory user's session. */
    public Session openDirectory(String username, org.palisade.core.account.Role role, String source) {
        Session s = new Session(randomToken(), new org.palisade.web.api.Principal(username, role), randomToken(), clock.millis(),
                source);
        sessions.put(s.id(), s);
        return s;
    }

    /** The session of {@code id}, marked as seen now; ends it first if its time or its account is up. */
    public Lookup find(String id) {
        if (id == null || id.isEmpty()) {
            return new Lookup.None();
        }
        Session s = sessions.get(id);
        if (s == null) {
            return new Lookup.None();
        }
        long now = clock.millis();
        String reason = timedOut(s, now);
        if (reason == null) {
            reason = s.directory() ? directoryChange(s, now) : accountChange(s);
        }
        if (reason != null) {
            expire(s, reason);
            return new Lookup.Expired(reason);
        }
        s.seen(now);
        return new Lookup.Active(s);
    }

    /** Logout, or a new login replacing this session: ADMIN_LOGOFF, with the address the request came from. */
    public void logoff(Session s, String source, String reason) {
        if (sessions.remove(s.id(), s)) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("reason", reason);
            details.put("loggedOnAt", s.created().toString());
            audit.record(new AuditEvent(AuditType.ADMIN_LOGOFF, s.principal().actor(), s.principal().username(), source, details));
        }
    }

    /** Drops a session that was opened but whose login could not be completed (e.g. its audit entry failed). */
    public void discard(Session s) {
        sessions.remove(s.id(), s);
    }

    /**
     * Ends every session whose time is up; run periodically so that idle sessions are closed and
     * audited even when their browser never comes back.
     *
     * @return how many ended
     */
    public int sweep() {
        long now = clock.millis();
        int ended = 0;
        for (Session s : sessions.values()) {
            String reason = timedOut(s, now);
            if (reason != null && expire(s, reason)) {
                ended++;
            }
        }
        return ended;
    }

    public int size() {
        return sessions.size();
    }

    private String timedOut(Session s, long now) {
        if (now - s.createdMillis() >= maxAge.toMillis()) {
            return "lifetime of " + maxAge.toSeconds() + " s reached";
        }
        if (now - s.lastSeenMillis() >= idle.toMillis()) {
            return "idle for " + idle.toSeconds() + " s";
        }
        return null;
    }

    private String directoryChange(Session s, long now) {
        DirectoryLogins d = directory;
        if (d == null) {
            return "directory logins turned off";
        }
        if (now - s.checkedMillis() < recheck.toMillis() && s.checkedMillis() >= d.lastSyncMillis()) {
            return null;
        }
        String reason = d.recheck(s.principal().username(), s.principal().role());
        if (reason == null) {
            s.checked(now);
        }
        return reason;
    }

    private String accountChange(Session s) {
        Optional<AdminUser> now = accounts.apply(s.account().name());
        if (now.isEmpty()) {
            return "account removed";
        }
        AdminUser was = s.account();
        if (!now.get().enabled()) {
            return "account disabled";
        }
        if (now.get().role() != was.role()) {
            return "role changed";
        }
        if (!now.get().passwordHash().equals(was.passwordHash())) {
            return "password changed";
        }
        return null;
    }

    /** @return whether this call ended it (and audited it) */
    private boolean expire(Session s, String reason) {
        if (!sessions.remove(s.id(), s)) {
            return false;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", reason);
        details.put("loggedOnAt", s.created().toString());
        details.put("lastSeenAt", s.lastSeen().toString());
        try {
            audit.record(new AuditEvent(AuditType.ADMIN_SESSION_EXPIRED, "system", s.principal().username(), s.source(), details));
        } catch (RuntimeException e) {
            // The session is gone either way; keeping it alive because the log is down would be worse.
            LOG.warn("session of {} ended ({}) but its audit entry could not be written: {}", s.principal().username(), reason,
                    e.toString());
        }
        return true;
    }

    /** 256 random bits, URL-safe: unguessable, and fine in a cookie or a header. */
    private String randomToken() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
