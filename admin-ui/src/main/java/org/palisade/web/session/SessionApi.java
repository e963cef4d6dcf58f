package org.palisade.web.session;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.palisade.core.account.AdminAuthenticator;
import org.palisade.core.account.AdminUser;
import org.palisade.core.audit.AuditEvent;
import org.palisade.core.audit.AuditType;
import org.palisade.web.api.ApiException;
import org.palisade.web.api.ApiRequest;
import org.palisade.web.api.ApiResponse;
import org.palisade.web.api.Routes;
import org.palisade.web.api.WebAudit;

/**
 * {@code /api/session}: log in (POST), who am I (GET), log out (DELETE).
 *
 * <p>A refused login answers 401 {@code {"error":"invalid credentials"}}, byte for byte the same
 * whether the name is unknown, the account disabled or the password wrong; only the audit log
 * (ADMIN_LOGON_FAILED) records which. A throttled name or address answers 429 with
 * {@code Retry-After}, without checking the password: as unknown names are throttled like real
 * ones, that tells nothing about which accounts exist.
 *
 * <p>With {@link #directory} set, a name that is no local account is checked against the
 * directory (after the throttle, so a locked name never reaches it); refusals answer the same
 * 401, and the audit entries add {@code "via":"directory"}. Local accounts always win.
 */
public final class SessionApi {

    public static final String PATH = "/api/session";
    static final String INVALID = "invalid credentials";

    /** The login body. */
    record Credentials(String username, String password) {
    }

    /** What login and "who am I" answer; the UI needs the token for its state-changing requests. */
    record SessionInfo(String csrfToken, String role, String username) {
    }

    private final SessionStore sessions;
    private final AdminAuthenticator authenticator;
    private final LoginThrottle throttle;
    private final WebAudit audit;
    private final Counter success;
    private final Counter failure;
    private final Counter throttled;
    private volatile DirectoryLogins directory;

    public SessionApi(SessionStore sessions, AdminAuthenticator authenticator, LoginThrottle throttle, WebAudit audit,
                      MeterRegistry meters) {
        this.sessions = sessions;
        this.authenticator = authenticator;
        this.throttle = throttle;
        this.audit = audit;
        this.success = logins(meters, "success");
        this.failure = logins(meters, "failure");
        this.throttled = logins(meters, "throttled");
    }

    /** Accepts directory users too (names that are not local accounts); null turns that off. */
    public void directory(DirectoryLogins logins) {
        this.directory = logins;
    }

    public void register(Routes routes) {
        // Open: nobody is logged in yet. Still needs a JSON content type (checked by the dispatcher),
        // which a cross-site form cannot send: no login CSRF.
        routes.open("POST", PATH, this::login);
        routes.get(PATH, Routes.ANY_ROLE, this::whoAmI);
        routes.delete(PATH, Routes.ANY_ROLE, this::logout);
    }

    private ApiResponse login(ApiRequest req) {
        Credentials c = req.body(Credentials.class);
        if (c.username() == null || c.username().isBlank()) {
            throw new ApiException(400, "username", "required");
        }
        if (c.password() == null) {
            throw new ApiException(400, "password", "required");
        }
        String name = auditableName(c.username());
        String source = req.clientAddress();
        String accountKey = LoginThrottle.accountKey(name);
        String sourceKey = LoginThrottle.sourceKey(source);
        Duration locked = throttle.lockedFor(accountKey, sourceKey);
        if (!locked.isZero()) {
            throttled.increment();
            long seconds = Math.max(1, (locked.toMillis() + 999) / 1000);
            return ApiResponse.error(429, "too many failed logins, try again later")
                    .withHeader("Retry-After", Long.toString(seconds));
        }
        char[] password = c.password().toCharArray();
        AdminAuthenticator.Result result;
        DirectoryLogins.Result viaDirectory = null;
        try {
            result = authenticator.check(c.username(), password); // the name as typed: a cut-off one must not match
            // Local accounts win; only a name that is no local account is asked of the directory,
            // and only after the throttle let it through (a locked name never reaches it).
            DirectoryLogins d = directory;
            if (d != null && result instanceof AdminAuthenticator.Result.Refused r && r.reason().equals("unknown user")
                    && c.username().length() <= 64) {
                viaDirectory = d.check(c.username(), password);
            }
        } finally {
            Arrays.fill(password, '\0');
        }
        if (viaDirectory instanceof DirectoryLogins.Result.Accepted dirUser) {
            return directoryLogin(req, dirUser, accountKey, source);
        }
        if (viaDirectory instanceof DirectoryLogins.Result.Refused dirRefused) {
            result = new AdminAuthenticator.Result.Refused(dirRefused.reason());
        }
        if (result instanceof AdminAuthenticator.Result.Refused refused) {
            failure.increment();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("reason", refused.reason());
            if (viaDirectory != null) {
                details.put("via", "directory");
            }
            audit.record(new AuditEvent(AuditType.ADMIN_LOGON_FAILED, "web", name, source, details));
            for (String key : throttle.fail(accountKey, sourceKey)) {
                audit.record(new AuditEvent(AuditType.LOCKED_OUT, "system", key, source,
                        Map.of("locked", key.startsWith("web-user:") ? "web account " + name : "web source " + source)));
            }
            return ApiResponse.error(401, INVALID);
        }
        AdminUser user = ((AdminAuthenticator.Result.Accepted) result).user();
        throttle.succeed(accountKey);
        // A session the browser already had is never reused: a new id at every login (no session fixation).
        if (sessions.find(req.cookie(SessionCookie.name(req.secure()))) instanceof SessionStore.Lookup.Active old) {
            sessions.logoff(old.session(), source, "replaced by a new login");
        }
        Session session = sessions.open(user, source);
        try {
            audit.record(new AuditEvent(AuditType.ADMIN_LOGON, session.principal().actor(), user.name(), source,
                    Map.of("role", user.role().label())));
        } catch (RuntimeException e) {
            sessions.discard(session); // no login without its audit entry
            throw e;
        }
        success.increment();
        return ApiResponse.ok(info(session)).withHeader("Set-Cookie", SessionCookie.set(session.id(), req.secure()));
    }

    private ApiResponse directoryLogin(ApiRequest req, DirectoryLogins.Result.Accepted user, String accountKey, String source) {
        throttle.succeed(accountKey);
        if (sessions.find(req.cookie(SessionCookie.name(req.secure()))) instanceof SessionStore.Lookup.Active old) {
            sessions.logoff(old.session(), source, "replaced by a new login");
        }
        Session session = sessions.openDirectory(user.username(), user.role(), source);
        try {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("role", user.role().label());
            details.put("via", "directory");
            audit.record(new AuditEvent(AuditType.ADMIN_LOGON, session.principal().actor(), user.username(), source, details));
        } catch (RuntimeException e) {
            sessions.discard(session);
            throw e;
        }
        success.increment();
        return ApiResponse.ok(info(session)).withHeader("Set-Cookie", SessionCookie.set(session.id(), req.secure()));
    }

    private ApiResponse whoAmI(ApiRequest req) {
        return ApiResponse.ok(info(current(req)));
    }

    private ApiResponse logout(ApiRequest req) {
        sessions.logoff(current(req), req.clientAddress(), "logout");
        return ApiResponse.noContent().withHeader("Set-Cookie", SessionCookie.clear(req.secure()));
    }

    /** The dispatcher let the request through, so its session is active (or ended a moment ago: 401). */
    private Session current(ApiRequest req) {
        if (sessions.find(req.cookie(SessionCookie.name(req.secure()))) instanceof SessionStore.Lookup.Active a) {
            return a.session();
        }
        throw new ApiException(401, "not logged in");
    }

    private static SessionInfo info(Session s) {
        return new SessionInfo(s.csrfToken(), s.principal().role().label(), s.principal().username());
    }

    /**
     * The name as the audit log and the throttle keep it: in lower case like account names,
     * without control characters, at most 64 characters (the longest account name), so that a
     * made-up name can neither forge log lines nor grow the log.
     */
    static String auditableName(String typed) {
        String n = AdminUser.normalize(typed).replaceAll("\\p{Cntrl}", "?");
        return n.length() > 64 ? n.substring(0, 64) : n;
    }

    private static Counter logins(MeterRegistry meters, String result) {
        return Counter.builder("palisade.admin.logins").description("Web logins by result").tag("result", result)
                .register(meters);
    }
}
