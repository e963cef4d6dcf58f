package org.palisade.server.testing;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.palisade.core.admin.Administration;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditQuery;
import org.palisade.core.audit.AuditType;
import org.palisade.db.Database;
import org.palisade.db.testing.TestDatabase;
import org.palisade.registrar.RegistrarSettings;
import org.palisade.relay.client.PoolSettings;
import org.palisade.relay.node.RelaySettings;
import org.palisade.server.MediaPlane;
import org.palisade.server.PalisadeNode;
import org.palisade.sip.SipSettings;
import org.palisade.sip.proxy.ProxySettings;

/** A real Palisade node on a free loopback port, on a database of the test's choosing. */
public final class TestServer implements AutoCloseable {

    public static final String DOMAIN = "palisade.local";

    private final Database database;
    private final int port;
    private final ProxySettings proxySettings;
    /** TLS: 0 when off, else a free loopback port, with the keystore Palisade presents there. */
    private final int tlsPort;
    private final java.nio.file.Path keystore;
    private final String keystorePassword;
    private final RecordingCallObserver calls = new RecordingCallObserver();
    private PalisadeNode node;
    /** The admin web server's settings once {@link #startWeb} was called; it is made anew at each start. */
    private org.palisade.web.WebSettings webSettings;
    private org.palisade.web.WebServer web;
    /** Makes the node's relay pool at each start; null for a node that anchors no media. */
    private java.util.function.Function<Database, MediaPlane> media;
    /** Makes the node's trunks view at each start; null for a node without trunks. */
    private java.util.function.Function<Database, org.palisade.core.trunk.PbxBridge> bridge;

    public TestServer(TestDatabase db, RegistrarSettings settings) throws Exception {
        this(db, settings, ProxySettings.defaults());
    }

    public TestServer(TestDatabase db, RegistrarSettings settings, ProxySettings proxySettings) throws Exception {
        this(db, settings, proxySettings, (java.nio.file.Path) null, (String) null);
    }

    /** A node that anchors media on the relay pool {@code media} makes (at each start, on the node's database). */
    public TestServer(TestDatabase db, RegistrarSettings settings, ProxySettings proxySettings,
                      java.util.function.Function<Database, MediaPlane> media) throws Exception {
        this(db, settings, proxySettings, media, null, null);
    }

    /** A node whose proxy routes calls through the trunks {@code bridge} makes (at each start, on the node's database). */
    public static TestServer withTrunks(TestDatabase db, RegistrarSettings settings, ProxySettings proxySettings,
                                        java.util.function.Function<Database, org.palisade.core.trunk.PbxBridge> bridge)
            throws Exception {
        return new TestServer(db, settings, proxySettings, null, bridge, null);
    }

    /**
     * Likewise, and checking the trunks' health with OPTIONS as {@code checks} says (a bridge
     * asks {@link #trunkUp}); trunks have no passwords here.
     */
    public static TestServer withCheckedTrunks(TestDatabase db, RegistrarSettings settings, ProxySettings proxySettings,
                                               java.util.function.Function<Database, org.palisade.core.trunk.PbxBridge> bridge,
                                               org.palisade.pbx.sip.TrunkSettings checks) throws Exception {
        return new TestServer(db, settings, proxySettings, null, bridge, checks);
    }

    /** The trunk health checks, or null for none. */
    private final org.palisade.pbx.sip.TrunkSettings checks;

    /** Whether the node's health checks let calls use {@code trunk}. */
    public boolean trunkUp(String trunk) {
        return node.trunkUp(trunk);
    }

    private TestServer(TestDatabase db, RegistrarSettings settings, ProxySettings proxySettings,
                       java.util.function.Function<Database, MediaPlane> media,
                       java.util.function.Function<Database, org.palisade.core.trunk.PbxBridge> bridge,
                       org.palisade.pbx.sip.TrunkSettings checks) throws Exception {
        this.bridge = bridge;
        this.checks = checks;
        this.database = db.database();
        this.port = freePort();
        this.proxySettings = proxySettings;
        this.keystore = null;
        this.keystorePassword = null;
        this.tlsPort = 0;
        this.media = media;
        start(settings);
    }

    /**
     * A relay pool with an embedded relay of its own on 127.0.0.1 (ng on a free port, media on
     * {@code ports}), plus the relay nodes in the database.
     */
    public static java.util.function.Function<Database, MediaPlane> embeddedRelay(String ports) {
        return db -> new MediaPlane(db, RelaySettings.parse("127.0.0.1:0", ports, "127.0.0.1"),
                new PoolSettings(Duration.ofMillis(500), Duration.ofMillis(500)));
    }

    /** A relay pool of the database's relay nodes only. */
    public static java.util.function.Function<Database, MediaPlane> databaseRelays() {
        return db -> new MediaPlane(db, null, new PoolSettings(Duration.ofMillis(500), Duration.ofMillis(500)));
    }

    /** Also listening for SIP over TLS on {@link #tlsPort()}, with {@code keystore} (PKCS#12). */
    public TestServer(TestDatabase db, RegistrarSettings settings, ProxySettings proxySettings, java.nio.file.Path keystore,
                      String keystorePassword) throws Exception {
        this.database = db.database();
        this.port = freePort();
        this.proxySettings = proxySettings;
        this.keystore = keystore;
        this.keystorePassword = keystorePassword;
        this.tlsPort = keystore == null ? 0 : freeTcpPort(port);
        this.checks = null;
        start(settings);
    }

    public static RegistrarSettings settings() {
        // Short timers so that expiry and lock-out finish within a test.
        return new RegistrarSettings(DOMAIN, 1, 3600, 3600, 10, Duration.ofMinutes(5), 3, Duration.ofMinutes(1),
                Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    /** SIPp 3.6 answers only the first challenge and only MD5, so MD5 goes first for SIPp tests. */
    public static RegistrarSettings md5First() {
        return new RegistrarSettings(DOMAIN, 60, 3600, 3600, 10, Duration.ofMinutes(5), 5, Duration.ofMinutes(10),
                Duration.ofMinutes(15), Duration.ofSeconds(10), List.of("MD5", "SHA-256"));
    }

    public void start(RegistrarSettings settings) throws Exception {
        node = new PalisadeNode(database, new SipSettings("127.0.0.1", port, port, DOMAIN, 4, tlsPort, keystore, keystorePassword),
                settings, proxySettings, calls, media == null ? null : media.apply(database),
                Clock.systemUTC());
        if (checks != null) {
            node.trunks(trunk -> {
                throw new IllegalStateException("test trunks have no password");
            }, checks);
        }
        if (bridge != null) {
            node.bridge(bridge.apply(database));
        }
        node.start();
        if (webSettings != null) {
            web = org.palisade.server.AdminWeb.create(webSettings, node, Clock.systemUTC());
            web.start();
        }
    }

    /**
     * The configuration {@code serve} would read for a node on 127.0.0.1:{@code udpPort} (UDP only,
     * the test domain) keeping its files in {@code dataDir}; {@code extra} adds keys and values.
     */
    public static org.palisade.server.PalisadeConfig serveConfig(java.nio.file.Path dataDir, int udpPort, String... extra) {
        java.util.Map<String, String> values = new java.util.HashMap<>(java.util.Map.of("data.dir", dataDir.toString(),
                "sip.address", "127.0.0.1", "sip.udp-port", Integer.toString(udpPort), "sip.tcp-port", "0", "sip.domain", DOMAIN));
        for (int i = 0; i < extra.length; i += 2) {
            values.put(extra[i], extra[i + 1]);
        }
        return org.palisade.server.PalisadeConfig.load(null, java.util.Map.of(), values);
    }

    /** Web settings for tests: loopback, a free port, the defaults otherwise. */
    public static org.palisade.web.WebSettings webSettings() {
        return org.palisade.web.WebSettings.defaults().withListener("127.0.0.1", 0);
    }

    /**
     * Starts the admin web server as {@code serve} does (every endpoint, health check and gauge),
     * on {@code settings} (see {@link #webSettings()}), now and at every later {@link #start}.
     *
     * @return its base URL, e.g. {@code http://127.0.0.1:41234/}
     */
    public java.net.URI startWeb(org.palisade.web.WebSettings settings) throws Exception {
        if (web != null) {
            web.close();
        }
        webSettings = settings;
        web = org.palisade.server.AdminWeb.create(settings, node, Clock.systemUTC());
        web.start();
        return web.baseUri();
    }

    /** The web server's base URL; it changes at a restart (a new free port). */
    public java.net.URI webBase() {
        return web.baseUri();
    }

    public org.palisade.web.WebServer web() {
        return web;
    }

    /** A web account. Hashed with few iterations, so that logins cost the tests little; verifying reads the count from the hash. */
    public void addAdminUser(String name, org.palisade.core.account.Role role, String password) {
        accounts().add("test", name, role, password.toCharArray());
    }

    public org.palisade.core.account.AccountAdministration accounts() {
        return new org.palisade.core.account.AccountAdministration(database, new org.palisade.core.account.PasswordHasher(1_000),
                Clock.systemUTC());
    }

    /** Stops SIP, the web server and timers but keeps the database: a restart of the process. */
    public void stop() {
        closeWeb();
        node.close();
    }

    private void closeWeb() {
        if (web != null) {
            web.close();
            web = null;
        }
    }

    public int port() {
        return port;
    }

    /** The SIP over TLS port; 0 when this server has no TLS. */
    public int tlsPort() {
        return tlsPort;
    }

    /** Every call event the node emitted. */
    public RecordingCallObserver calls() {
        return calls;
    }

    public PalisadeNode node() {
        return node;
    }

    public Administration admin() {
        return new Administration(database, DOMAIN, Clock.systemUTC());
    }

    public void addExtension(String number, String password) {
        admin().addExtension("test", number, "Test " + number, null, null, password.toCharArray());
    }

    /** A new extension {@code number} and a test phone for it, not yet registered. */
    public TestUserAgent phone(String number, String password) throws Exception {
        addExtension(number, password);
        return new TestUserAgent(number, password, DOMAIN, port);
    }

    public List<AuditEntry> audit(AuditType type) {
        return database.inTransaction(tx -> tx.audit().list(new AuditQuery(null, type, null, 1000)));
    }

    @Override
    public void close() {
        closeWeb();
        node.close();
    }

    private static int freeTcpPort(int not) throws Exception {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                if (tcp.getLocalPort() != not) {
                    return tcp.getLocalPort();
                }
            }
        }
        throw new IllegalStateException("no free loopback TCP port");
    }

    private static int freePort() throws Exception {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                 DatagramSocket udp = new DatagramSocket(tcp.getLocalPort(), InetAddress.getByName("127.0.0.1"))) {
                return tcp.getLocalPort();
            } catch (java.net.BindException taken) {
                // the UDP side of that port is in use: try another
            }
        }
        throw new IllegalStateException("no free loopback port for UDP and TCP");
    }
}
