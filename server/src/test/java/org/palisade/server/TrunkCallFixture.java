package org.palisade.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import org.junit.jupiter.api.AfterEach;
import org.palisade.core.admin.ExtensionChange;
import org.palisade.core.admin.TrunkAdministration;
import org.palisade.core.rights.ServiceRight;
import org.palisade.core.trunk.NewRoute;
import org.palisade.core.trunk.NewTrunk;
import org.palisade.core.trunk.Route;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.pbx.BridgeDirectory;
import org.palisade.pbx.dialplan.NumberNormalizer;
import org.palisade.pbx.secret.SecretBox;
import org.palisade.server.testing.Sipp;
import org.palisade.server.testing.TestPhone;
import org.palisade.server.testing.TestServer;
import org.palisade.server.testing.TestUserAgent;
import org.palisade.sip.proxy.ProxySettings;

/**
 * The shared setup of the trunk call tests ({@link TrunkOutboundCallTest}, {@link TrunkInboundCallTest}):
 * a node with extensions Alice, Bob and Carol, static SIP trunks to the company's PBX (a SIPp UAS or
 * a test user agent on its own loopback port, which is what the trunk's peer names), the phones
 * that are closed after each test, and the helpers that read CSeq numbers from requests and from a
 * SIPp PBX's message log.
 */
abstract class TrunkCallFixture {

    static final String ALICE = "5001";
    static final String BOB = "5002";
    static final String CAROL = "5003";
    static final String PW = "a long enough password";

    TestDatabase db;
    TestServer server;
    BridgeDirectory bridge;
    final List<AutoCloseable> closing = new java.util.ArrayList<>();

    /** A node with pbx.default-country DE, a short trunk answer timeout and {@code operator} for unknown DIDs. */
    void start(String operator) throws Exception {
        db = TestDatabase.create(TestDb.H2);
        server = TestServer.withTrunks(db, TestServer.settings(),
                ProxySettings.defaults().withTrunkAnswerTimeout(Duration.ofSeconds(1)),
                database -> bridge = new BridgeDirectory(database, new NumberNormalizer("DE"), Optional.ofNullable(operator),
                        trunk -> true, trunk -> "pbx-secret".toCharArray(), Duration.ofMillis(100), Clock.systemUTC()));
        for (String n : List.of(ALICE, BOB, CAROL)) {
            server.addExtension(n, PW);
        }
        server.admin().addProfile("test", "everything", EnumSet.allOf(ServiceRight.class));
        profile(ALICE, "everything");
        profile(CAROL, "everything");
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
        if (db != null) {
            db.close();
        }
    }

    void profile(String extension, String name) {
        server.admin().updateExtension("test", extension, new ExtensionChange(null, null, name, null, null));
    }

    TrunkAdministration trunks() {
        SecretBox box = SecretBox.fromKey(SecretBox.generateKey());
        return new TrunkAdministration(server.node().database(), box, new NumberNormalizer("DE"), Clock.systemUTC());
    }

    void trunk(String name, int port) {
        trunk(name, "127.0.0.1:" + port, null);
    }

    /** A static trunk without credentials to {@code peer}, with {@code maxCalls} (null: no limit). */
    void trunk(String name, String peer, Integer maxCalls) {
        trunks().addTrunk("test", new NewTrunk(name, peer, null, false, null, null, maxCalls, null));
    }

    TestUserAgent phone(String user) throws Exception {
        TestUserAgent ua = new TestUserAgent(user, PW, TestServer.DOMAIN, server.port());
        closing.add(ua);
        return ua;
    }

    static String callId(Request r) {
        return ((CallIdHeader) r.getHeader(CallIdHeader.NAME)).getCallId();
    }

    /**
     * A node whose numbers starting +49 leave through trunk pbx, with the username palisade and the
     * password pbx-secret, and a SIPp PBX on that trunk's peer playing {@code scenario}, which
     * challenges and accepts only {@code pbxPassword}.
     */
    Sipp.Running challengingPbx(Path dir, String scenario, String pbxPassword, String... extra) throws Exception {
        start(null);
        int pbxPort = TestPhone.freeUdpPort();
        trunks().addTrunk("test", new NewTrunk("pbx", "127.0.0.1:" + pbxPort, null, false, "palisade", "pbx-secret".toCharArray(),
                null, null));
        trunks().addRoute("test", new NewRoute("germany", Route.Kind.PREFIX, "+49", 0, null, List.of("pbx"), null));
        List<String> args = new java.util.ArrayList<>(List.of("-key", "user", "palisade", "-key", "password", pbxPassword));
        args.addAll(List.of(extra));
        return Sipp.pbx(scenario, server.port(), dir, pbxPort, args.toArray(String[]::new));
    }

    /**
     * Waits until the PBX logged the ACK numbered {@code cseq}. A phone sending BYE the same
     * millisecond as its ACK may see Palisade's threads pass the BYE on first (UDP promises no
     * order either), and the SIPp PBX, still waiting for the ACK, would drop the call.
     */
    static void awaitAckAtPbx(Path log, long cseq) throws Exception {
        long deadline = System.currentTimeMillis() + 5_000;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(log) && cseqs(Files.readString(log, StandardCharsets.ISO_8859_1), "ACK").contains(cseq)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the PBX never got ACK " + cseq + ":\n" + (Files.exists(log) ? Files.readString(log) : "no log"));
    }

    static long cseq(javax.sip.message.Message m) {
        return ((javax.sip.header.CSeqHeader) m.getHeader(javax.sip.header.CSeqHeader.NAME)).getSeqNumber();
    }

    /** The CSeq numbers of the {@code method} requests and their answers in a SIPp message log. */
    static java.util.Set<Long> cseqs(String log, String method) {
        java.util.Set<Long> out = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("CSeq:\\s*(\\d+) " + method + "\\b").matcher(log);
        while (m.find()) {
            out.add(Long.parseLong(m.group(1)));
        }
        return out;
    }
}
