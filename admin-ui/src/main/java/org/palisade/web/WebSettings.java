package org.palisade.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the web server listens and how strict its sessions are. Errors name the configuration key
 * ({@code http.port: ...}), as the server module reads these from palisade.properties.
 *
 * @param bind                address to listen on; a non-loopback address should come with HTTPS
 * @param port                0 picks a free port (see {@link WebServer#port()})
 * @param tlsKeystore         PKCS#12 keystore; when set, the port serves HTTPS only. Null: plain HTTP
 * @param publicHealth        whether /health and /metrics need no login; null means "only when
 *                            bound to loopback"
 * @param sessionIdle         a session ends after this long without a request
 * @param sessionMax          and this long after its login, whatever the activity
 * @param loginMaxFailures    failed logins within {@code loginWindow}, per account name or per
 *                            source address, that lock it for {@code loginLock}
 */
public record WebSettings(String bind, int port, Path tlsKeystore, String tlsKeystorePassword, Boolean publicHealth,
                          Duration sessionIdle, Duration sessionMax, int loginMaxFailures, Duration loginWindow,
                          Duration loginLock) {

    public WebSettings {
        if (bind == null || bind.isBlank()) {
            throw new IllegalArgumentException("http.bind: must not be empty (127.0.0.1 keeps the UI on this machine)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("http.port: " + port + " is not between 0 and 65535");
        }
        if (tlsKeystore != null && (tlsKeystorePassword == null || tlsKeystorePassword.isEmpty())) {
            throw new IllegalArgumentException("http.tls-keystore-password: required when http.tls-keystore is set");
        }
        requirePositive("http.session-idle-seconds", sessionIdle);
        requirePositive("http.session-max-seconds", sessionMax);
        if (sessionMax.compareTo(sessionIdle) < 0) {
            throw new IllegalArgumentException("http.session-max-seconds: must not be shorter than http.session-idle-seconds");
        }
        if (loginMaxFailures < 1) {
            throw new IllegalArgumentException("http.login-max-failures: must be at least 1, got " + loginMaxFailures);
        }
        requirePositive("http.login-window-seconds", loginWindow);
        requirePositive("http.login-lock-seconds", loginLock);
    }

    /** 127.0.0.1:8080, plain HTTP; sessions 15 min idle, 8 h at most; 5 failures in 10 min lock for 15 min. */
    public static WebSettings defaults() {
        return new WebSettings("127.0.0.1", 8080, null, null, null, Duration.ofMinutes(15), Duration.ofHours(8), 5,
                Duration.ofMinutes(10), Duration.ofMinutes(15));
    }

    public boolean https() {
        return tlsKeystore != null;
    }

    /** Whether /health and /metrics answer without a login. */
    public boolean healthIsPublic() {
        if (publicHealth != null) {
            return publicHealth;
        }
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public WebSettings withListener(String newBind, int newPort) {
        return new WebSettings(newBind, newPort, tlsKeystore, tlsKeystorePassword, publicHealth, sessionIdle, sessionMax,
                loginMaxFailures, loginWindow, loginLock);
    }

    public WebSettings withTls(Path keystore, String password) {
        return new WebSettings(bind, port, keystore, password, publicHealth, sessionIdle, sessionMax, loginMaxFailures,
                loginWindow, loginLock);
    }

    public WebSettings withPublicHealth(Boolean open) {
        return new WebSettings(bind, port, tlsKeystore, tlsKeystorePassword, open, sessionIdle, sessionMax, loginMaxFailures,
                loginWindow, loginLock);
    }

    public WebSettings withSessions(Duration idle, Duration max) {
        return new WebSettings(bind, port, tlsKeystore, tlsKeystorePassword, publicHealth, idle, max, loginMaxFailures,
                loginWindow, loginLock);
    }

    public WebSettings withLoginThrottle(int maxFailures, Duration window, Duration lock) {
        return new WebSettings(bind, port, tlsKeystore, tlsKeystorePassword, publicHealth, sessionIdle, sessionMax, maxFailures,
                window, lock);
    }

    @Override
    public String toString() { // never the keystore password
        return "WebSettings[" + (https() ? "https" : "http") + "://" + bind + ":" + port + ", idle " + sessionIdle + ", max "
                + sessionMax + "]";
    }

    private static void requirePositive(String key, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + ": must be at least 1");
        }
    }
}
