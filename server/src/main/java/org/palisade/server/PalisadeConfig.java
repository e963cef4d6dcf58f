package org.palisade.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.commons.configuration2.CompositeConfiguration;
import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.MapConfiguration;
import org.apache.commons.configuration2.PropertiesConfiguration;
import org.apache.commons.configuration2.builder.fluent.Configurations;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.palisade.core.media.AnchorPolicy;
import org.palisade.db.DbSettings;
import org.palisade.db.cdr.SpoolSettings;
import org.palisade.registrar.RegistrarSettings;
import org.palisade.relay.client.PoolSettings;
import org.palisade.relay.node.RelaySettings;
import org.palisade.sip.SipSettings;
import org.palisade.sip.proxy.ProxySettings;

/**
 * Bootstrap settings, from highest precedence to lowest: command-line flags, PALISADE_*
 * environment variables, the properties file, the built-in defaults. Only keys that have a
 * default are known; a typo in the file is reported rather than silently ignored.
 */
public final class PalisadeConfig {

    private final Configuration config;

    private PalisadeConfig(Configuration config) {
        this.config = config;
    }

    public static PalisadeConfig load(Path file, Map<String, String> environment, Map<String, String> flags) {
        Properties defaults = defaults();
        CompositeConfiguration composite = new CompositeConfiguration();
        composite.setListDelimiterHandler(new org.apache.commons.configuration2.convert.DisabledListDelimiterHandler());
        composite.addConfiguration(new MapConfiguration(flags));
        composite.addConfiguration(new MapConfiguration(fromEnvironment(defaults, environment)));
        if (file != null) {
            composite.addConfiguration(fromFile(file, defaults));
        }
        composite.addConfiguration(new MapConfiguration(defaults));
        for (String key : flags.keySet()) {
            requireKnown(defaults, key, "flag");
        }
        return new PalisadeConfig(composite);
    }

    /** The properties file named by --config, else ./palisade.properties when there is one. */
    public static Path defaultFile() {
        Path local = Path.of("palisade.properties");
        return Files.isRegularFile(local) ? local : null;
    }

    public static String environmentName(String key) {
        return "PALISADE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String get(String key) {
        return config.getString(key, "");
    }

    public int getInt(String key) {
        String value = get(key).trim();
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": expected a whole number, got '" + value + "'");
        }
    }

    /**
     * The SIP listening points. With {@code sip.tls-port} set, the keystore is opened here
     * already, so that a missing file or a wrong password stops {@code serve} before anything
     * starts, with the setting named (never a server that is up on UDP/TCP with TLS dead).
     */
    public SipSettings sip() {
        int tlsPort = getInt("sip.tls-port");
        String keystore = get("sip.tls-keystore").trim();
        SipSettings settings = new SipSettings(get("sip.address"), getInt("sip.udp-port"), getInt("sip.tcp-port"), domain(),
                getInt("sip.threads"), tlsPort, keystore.isEmpty() ? null : Path.of(keystore), get("sip.tls-keystore-password"));
        if (settings.tls()) {
            org.palisade.sip.TlsKeystore.check(settings.tlsKeystore(), settings.tlsKeystorePassword());
        }
        return settings;
    }

    public String domain() {
        String domain = get("sip.domain").trim();
        if (domain.isEmpty()) {
            throw new IllegalArgumentException("sip.domain: must not be empty");
        }
        return domain;
    }

    public Path dataDir() {
        return Path.of(get("data.dir"));
    }

    public DbSettings database() {
        String url = get("db.url").trim();
        if (url.isEmpty()) {
            return DbSettings.embedded(privateDirectory(dataDir()));
        }
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("db.url: expected a JDBC URL such as jdbc:mariadb://127.0.0.1:3306/palisade, got '" + url + "'");
        }
        return new DbSettings(url, get("db.user"), get("db.password"));
    }

    /**
     * The embedded database and its auto-server lock file (which tells local processes how to
     * reach the database) are for the account that runs Palisade only.
     */
    private static Path privateDirectory(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
                }
            }
            return dir;
        } catch (IOException e) {
            throw new IllegalArgumentException("data.dir: cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The CDR spool; its directory is created private, like the data directory (CDRs are personal data). */
    public SpoolSettings cdrSpool() {
        String dir = get("cdr.spool-dir").trim();
        Path spool = dir.isEmpty() ? dataDir().resolve("cdr-spool") : Path.of(dir);
        SpoolSettings defaults = SpoolSettings.defaults(spool);
        SpoolSettings settings = new SpoolSettings(spool, getInt("cdr.batch-size"), getInt("cdr.flush-millis"),
                defaults.maxRetryMillis(), defaults.closeWaitMillis());
        try {
            if (dir.isEmpty()) {
                privateDirectory(dataDir()); // first, or creating the spool would create it with default permissions
            }
            privateDirectory(spool);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cdr.spool-dir: cannot create " + spool + ": " + e.getCause().getMessage(), e);
        }
        return settings;
    }

    public RegistrarSettings registrar() {
        return new RegistrarSettings(domain(), getInt("registrar.min-expires"), getInt("registrar.max-expires"),
                getInt("registrar.default-expires"), getInt("registrar.max-contacts"),
                Duration.ofSeconds(getInt("auth.nonce-lifetime-seconds")), getInt("lockout.max-failures"),
                Duration.ofSeconds(getInt("lockout.window-seconds")), Duration.ofSeconds(getInt("lockout.duration-seconds")),
                Duration.ofSeconds(getInt("registrar.resync-seconds")),
                java.util.Arrays.stream(get("auth.algorithms").split(",")).map(String::trim)
                        .map(a -> a.toUpperCase(java.util.Locale.ROOT)).filter(a -> !a.isEmpty()).toList());
    }

    public ProxySettings proxy() {
        int seconds = getInt("proxy.no-answer-seconds");
        if (seconds < 1) {
            throw new IllegalArgumentException("proxy.no-answer-seconds: must be at least 1, got " + seconds);
        }
        int storeHours = getInt("chat.store-hours");
        if (storeHours < 1) {
            throw new IllegalArgumentException("chat.store-hours: must be at least 1, got " + storeHours);
        }
        int mediaTimeout = getInt("relay.media-timeout-seconds");
        if (mediaTimeout < 1) {
            throw new IllegalArgumentException("relay.media-timeout-seconds: must be at least 1, got " + mediaTimeout);
        }
        return new ProxySettings(Duration.ofSeconds(seconds), Duration.ofHours(storeHours))
                .withMedia(AnchorPolicy.parse(get("relay.anchor")), Duration.ofSeconds(mediaTimeout));
    }

    /**
     * This node's own relay ({@code relay.embedded}), or null when it runs none. Phones are
     * told {@code relay.advertise}, by default the SIP address they already reach.
     */
    public RelaySettings embeddedRelay() {
        String embedded = get("relay.embedded").trim();
        if (!embedded.equals("true") && !embedded.equals("false")) {
            throw new IllegalArgumentException("relay.embedded: expected true or false, got '" + embedded + "'");
        }
        if (embedded.equals("false")) {
            return null;
        }
        String advertise = get("relay.advertise").trim();
        try {
            return RelaySettings.parse(get("relay.ng"), get("relay.ports"), advertise.isEmpty() ? get("sip.address") : advertise);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("relay." + e.getMessage(), e);
        }
    }

    /** How the proxy watches its relay nodes. */
    public PoolSettings relayPool() {
        int seconds = getInt("relay.health-seconds");
        if (seconds < 1) {
            throw new IllegalArgumentException("relay.health-seconds: must be at least 1, got " + seconds);
        }
        return new PoolSettings(Duration.ofSeconds(seconds), PoolSettings.DEFAULTS.refreshInterval());
    }

    private static Properties defaults() {
        Properties p = new Properties();
        try (InputStream in = PalisadeConfig.class.getResourceAsStream("/palisade-defaults.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("built-in defaults missing", e);
        }
        return p;
    }

    private static Map<String, String> fromEnvironment(Properties defaults, Map<String, String> environment) {
        Map<String, String> found = new java.util.HashMap<>();
        for (String key : defaults.stringPropertyNames()) {
            String value = environment.get(environmentName(key));
            if (value != null) {
                found.put(key, value);
            }
        }
        return found;
    }

    private static Configuration fromFile(Path file, Properties defaults) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--config: no such file " + file);
        }
        try {
            PropertiesConfiguration props = new Configurations().properties(file.toFile());
            for (Iterator<String> it = props.getKeys(); it.hasNext(); ) {
                requireKnown(defaults, it.next(), file.toString());
            }
            return props;
        } catch (ConfigurationException e) {
            throw new IllegalArgumentException("--config: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void requireKnown(Properties defaults, String key, String where) {
        if (!defaults.containsKey(key)) {
            throw new IllegalArgumentException(key + ": unknown setting (in " + where + ")");
        }
    }
}
