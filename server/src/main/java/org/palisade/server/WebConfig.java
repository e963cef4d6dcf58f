package org.palisade.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import org.palisade.web.WebSettings;
import org.palisade.web.http.HttpsKeystore;

/** The admin web server's settings ({@code http.*}), checked, with the setting named in every error. */
public final class WebConfig {

    public static final String ENABLED = "http.enabled";
    public static final String BIND = "http.bind";
    public static final String PORT = "http.port";
    public static final String TLS_KEYSTORE = "http.tls-keystore";
    public static final String TLS_KEYSTORE_PASSWORD = "http.tls-keystore-password";
    public static final String PUBLIC_HEALTH = "http.public-health";
    public static final String DIRECTORY_RECHECK = "http.directory-recheck-seconds";

    private WebConfig() {
    }

    public static boolean enabled(PalisadeConfig config) {
        return bool(config, ENABLED);
    }

    /**
     * With a keystore configured it is opened here already, so that a missing file or a wrong
     * password stops {@code serve} before anything starts.
     */
    public static WebSettings settings(PalisadeConfig config) {
        String bind = config.get(BIND).trim();
        if (bind.isEmpty()) {
            throw new IllegalArgumentException(BIND + ": must not be empty (127.0.0.1 keeps the UI on this machine)");
        }
        try {
            InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(BIND + ": '" + bind + "' is not an address of this machine or a known host name");
        }
        String keystore = config.get(TLS_KEYSTORE).trim();
        String publicHealth = config.get(PUBLIC_HEALTH).trim();
        WebSettings settings = new WebSettings(bind, config.getInt(PORT), keystore.isEmpty() ? null : Path.of(keystore),
                config.get(TLS_KEYSTORE_PASSWORD), publicHealth.isEmpty() ? null : bool(config, PUBLIC_HEALTH),
                seconds(config, "http.session-idle-seconds"), seconds(config, "http.session-max-seconds"),
                config.getInt("http.login-max-failures"), seconds(config, "http.login-window-seconds"),
                seconds(config, "http.login-lock-seconds"));
        directoryRecheck(config); // checked here too, so that a bad value stops serve before anything starts
        if (settings.https()) {
            HttpsKeystore.check(settings.tlsKeystore(), settings.tlsKeystorePassword());
        }
        return settings;
    }

    /** How long a directory user's web session goes before its group membership is looked up again. */
    public static Duration directoryRecheck(PalisadeConfig config) {
        return seconds(config, DIRECTORY_RECHECK);
    }

    private static Duration seconds(PalisadeConfig config, String key) {
        int n = config.getInt(key);
        if (n < 1) {
            throw new IllegalArgumentException(key + ": must be at least 1, got " + n);
        }
        return Duration.ofSeconds(n);
    }

    private static boolean bool(PalisadeConfig config, String key) {
        String v = config.get(key).trim();
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(key + ": expected true or false, got '" + v + "'");
        }
        return v.equals("true");
    }
}
