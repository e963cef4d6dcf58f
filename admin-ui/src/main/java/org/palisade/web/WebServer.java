package org.palisade.web;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.palisade.core.account.AdminAuthenticator;
import org.palisade.core.account.PasswordHasher;
import org.palisade.core.audit.AuditEvent;
import org.palisade.core.audit.AuditLog;
import org.palisade.core.audit.AuditType;
import org.palisade.core.auth.LockoutTracker;
import org.palisade.core.storage.Storage;
import org.palisade.web.api.Routes;
import org.palisade.web.api.WebAudit;
import org.palisade.web.health.HealthApi;
import org.palisade.web.health.HealthChecks;
import org.palisade.web.http.ApiDispatcher;
import org.palisade.web.http.HttpsKeystore;
import org.palisade.web.http.JsonErrorHandler;
import org.palisade.web.http.SecurityHeaders;
import org.palisade.web.http.StaticFiles;
import org.palisade.web.metrics.Metrics;
import org.palisade.web.metrics.MetricsApi;
import org.palisade.web.session.LoginThrottle;
import org.palisade.web.session.SessionApi;
import org.palisade.web.session.SessionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin web server: Jetty with one connector (HTTP, or HTTPS with a keystore), the JSON API
 * under {@code /api}, {@code /health}, {@code /metrics}, and the UI's static files.
 *
 * <p>Made with the login, session, health and metrics endpoints in place; whoever builds it adds
 * the rest through {@link #routes()}, {@link #health()} and {@link #metrics()} (see the package
 * documentation), then calls {@link #start()}. {@link #close()} stops it; the storage belongs to
 * the caller.
 */
public final class WebServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

    private final WebSettings settings;
    private final Routes routes = new Routes();
    private final HealthChecks health = new HealthChecks();
    private final Metrics metrics = new Metrics();
    private final WebAudit audit;
    private final SessionStore sessions;
    private final LoginThrottle throttle;
    private final SessionApi sessionApi;
    private Server jetty;
    private ServerConnector connector;
    private ScheduledExecutorService sweeper;

    public WebServer(WebSettings settings, Storage storage, Clock clock) {
        this.settings = settings;
        this.audit = new WebAudit(new AuditLog(storage, clock));
        this.sessions = new SessionStore(settings.sessionIdle(), settings.sessionMax(), clock, audit,
                name -> storage.inTransaction(tx -> tx.adminUsers().find(name)));
        this.throttle = new LoginThrottle(clock, settings.loginMaxFailures(), settings.loginWindow(), settings.loginLock());
        this.sessionApi = new SessionApi(sessions, new AdminAuthenticator(storage, new PasswordHasher()), throttle, audit,
                metrics.registry());
        sessionApi.register(routes);
        health.register("database", () -> {
            long seq = storage.inTransaction(tx -> tx.audit().head()).lastSeq();
            return HealthChecks.Status.ok("audit log at entry " + seq);
        });
        metrics.gauge("palisade.admin.sessions", "Web sessions open on this node", sessions::size);
        HealthApi.register(routes, health, settings.healthIsPublic());
        MetricsApi.register(routes, metrics, settings.healthIsPublic());
    }

    /** Where endpoints are added. */
    /**
     * Lets directory users log in (names that are not local accounts); their membership is
     * re-checked on the first request after {@code recheck}.
     */
    public void directoryLogins(org.palisade.web.session.DirectoryLogins logins, java.time.Duration recheck) {
        sessions.directory(logins, recheck);
        sessionApi.directory(logins);
    }

    public Routes routes() {
        return routes;
    }

    /** Named checks behind /health. */
    public HealthChecks health() {
        return health;
    }

    /** The meters behind /metrics. */
    public Metrics metrics() {
        return metrics;
    }

    /** Audit entries with the web user as actor. */
    public WebAudit audit() {
        return audit;
    }

    public WebSettings settings() {
        return settings;
    }

    /**
     * Opens the port. With HTTPS the keystore is checked first, so that a wrong password fails
     * here with the setting named.
     */
    public synchronized void start() throws Exception {
        if (jetty != null) {
            throw new IllegalStateException("the web server is already started");
        }
        HttpsKeystore.Identity identity = settings.https()
                ? HttpsKeystore.check(settings.tlsKeystore(), settings.tlsKeystorePassword()) : null;
        QueuedThreadPool threads = new QueuedThreadPool(32, 2);
        threads.setName("palisade-web");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector c;
        if (identity != null) {
            // No SNI host check: admins often browse by IP address; the browser checks the certificate anyway.
            http.addCustomizer(new SecureRequestCustomizer(false));
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStorePath(settings.tlsKeystore().toString());
            tls.setKeyStorePassword(settings.tlsKeystorePassword());
            tls.setKeyStoreType("PKCS12");
            tls.setIncludeProtocols("TLSv1.3", "TLSv1.2"); // RFC 8996: no 1.0 or 1.1
            c = new ServerConnector(server, tls, new HttpConnectionFactory(http));
        } else {
            c = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        c.setHost(settings.bind());
        c.setPort(settings.port());
        c.setIdleTimeout(30_000);
        server.addConnector(c);
        server.setHandler(new SecurityHeaders(new Handler.Sequence(new ApiDispatcher(routes, sessions),
                new StaticFiles(WebServer.class.getClassLoader(), "web"))));
        server.setErrorHandler(new JsonErrorHandler());
        server.setStopTimeout(2_000);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw new IllegalStateException("http.port: cannot listen on " + settings.bind() + ":" + settings.port() + ": "
                    + e.getMessage(), e);
        }
        jetty = server;
        connector = c;
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "palisade-web-sweep");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
        LOG.info("web UI and API on {}{}", baseUri(), identity == null ? ""
                : " with certificate '" + identity.alias() + "' for " + identity.subject() + ", valid until " + identity.notAfter());
        if (identity == null && !isLoopback()) {
            LOG.warn("the web UI listens on {} over plain HTTP: passwords and session cookies cross the network readable;"
                    + " set http.tls-keystore", settings.bind());
        }
    }

    /** The port listened on, the chosen one when {@code http.port} is 0; -1 before {@link #start()}. */
    public int port() {
        return connector == null ? -1 : connector.getLocalPort();
    }

    /** {@code http://127.0.0.1:8080/} or {@code https://...}, with the real port. */
    public URI baseUri() {
        String host = settings.bind().contains(":") ? "[" + settings.bind() + "]" : settings.bind();
        return URI.create((settings.https() ? "https" : "http") + "://" + host + ":" + port() + "/");
    }

    /** Ends idle and too old sessions, and lifts login locks whose time is up, each audited. */
    private void sweep() {
        try {
            sessions.sweep();
            for (LockoutTracker.Released r : throttle.releaseExpired()) {
                audit.record(new AuditEvent(AuditType.UNLOCKED, "system", r.key(), null,
                        Map.of("lockedAt", java.time.Instant.ofEpochMilli(r.lockedAtMillis()).toString())));
            }
        } catch (RuntimeException e) {
            LOG.warn("web session sweep failed, will retry: {}", e.toString()); // a database hiccup must not stop the sweeps
        }
    }

    private boolean isLoopback() {
        try {
            return java.net.InetAddress.getByName(settings.bind()).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** Stops listening; open sessions are dropped without an audit entry (they could not be used anyway). */
    @Override
    public synchronized void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        if (jetty != null) {
            try {
                jetty.stop();
            } catch (Exception e) {
                LOG.warn("stopping the web server: {}", e.toString());
            }
            jetty = null;
        }
        health.close();
        metrics.close();
    }
}
