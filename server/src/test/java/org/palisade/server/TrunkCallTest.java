package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

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
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palisade.core.admin.ExtensionChange;
import org.palisade.core.admin.TrunkAdministration;
import org.palisade.core.audit.AuditType;
import org.palisade.core.rights.ServiceRight;
import org.palisade.core.trunk.NewRoute;
import org.palisade.core.trunk.NewTrunk;
import org.palisade.core.trunk.Route;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.pbx.BridgeDirectory;
import org.palisade.pbx.sip.TrunkSettings;
import org.palisade.pbx.dialplan.NumberNormalizer;
import org.palisade.pbx.secret.SecretBox;
import org.palisade.server.testing.Sipp;
import org.palisade.server.testing.TestPhone;
import org.palisade.server.testing.TestServer;
import org.palisade.server.testing.TestUserAgent;
import org.palisade.server.testing.TestUserAgent.Call;
import org.palisade.sip.proxy.ProxySettings;

/**
 * Calls through a static SIP trunk to the company's PBX, both ways: the PBX is a SIPp UAS or a
 * test user agent on its own loopback port, which is what the trunk's peer names.
 */
class TrunkCallTest {

    private static final String ALICE = "5001";
    private static final String BOB = "5002";
    private static final String CAROL = "5003";
    private static final String PW = "a long enough password";

    private TestDatabase db;
    private TestServer server;
    private BridgeDirectory bridge;
    private final List<AutoCloseable> closing = new java.util.ArrayList<>();

    /** A node with pbx.default-country DE, a short trunk answer timeout and {@code operator} for unknown DIDs. */
    private void start(String operator) throws Exception {
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

    private void profile(String extension, String name) {
        server.admin().updateExtension("test", extension, new ExtensionChange(null, null, name, null, null));
    }

    private TrunkAdministration trunks() {
        SecretBox box = SecretBox.fromKey(SecretBox.generateKey());
        return new TrunkAdministration(server.node().database(), box, new NumberNormalizer("DE"), Clock.systemUTC());
    }

    private void trunk(String name, int port) {
        trunk(name, "127.0.0.1:" + port, null);
    }

    /** A static trunk without credentials to {@code peer}, with {@code maxCalls} (null: no limit). */
    private void trunk(String name, String peer, Integer maxCalls) {
        trunks().addTrunk("test", new NewTrunk(name, peer, null, false, null, null, maxCalls, null));
    }

    private TestUserAgent phone(String user) throws Exception {
        TestUserAgent ua = new TestUserAgent(user, PW, TestServer.DOMAIN, server.port());
        closing.add(ua);
        return ua;
    }

    private static String callId(Request r) {
        return ((CallIdHeader) r.getHeader(CallIdHeader.NAME)).getCallId();
    }

    // ---- outbound ----------------------------------------------------------------------------

    @Test
    void aNationalNumberLeavesInE164ThroughTheLiveTrunkAfterTheDeadOneTimedOut(@TempDir Path dir) throws Exception {
        start(null);
        int deadPort = TestPhone.freeUdpPort(); // nobody listens: the trunk never answers
        int pbxPort = TestPhone.freeUdpPort();
        trunk("dead", deadPort);
        trunk("pbx", pbxPort);
        trunks().addRoute("test", new NewRoute("germany", Route.Kind.PREFIX, "+49", 0, null, List.of("dead", "pbx"), null));
        trunks().addDid("test", "+4930555101", ALICE);
        Path inf = dir.resolve("none.csv");
        Files.writeString(inf, "SEQUENTIAL\nx\n");
        Path log = dir.resolve("pbx.log");
        Sipp.Running pbx = Sipp.start("pbx_uas", inf, 1, 1, server.port(), dir, "u1", pbxPort, "-trace_msg", "-message_file",
                log.toString());
        TestUserAgent alice = phone(ALICE);
        alice.register();

        Call c = alice.call("0301234567");
        Response answer = c.awaitFinal(8);
        assertThat(answer).isNotNull();
        assertThat(answer.getStatusCode()).isEqualTo(200);
        c.ack();
        awaitAckAtPbx(log, cseq(c.invite()));
        assertThat(c.bye().getStatusCode()).isEqualTo(200);
        Sipp.Result done = pbx.await();
        assertThat(done.exitCode()).as(done.output() + done.errors()).isZero();

        String seen = Files.readString(log, StandardCharsets.ISO_8859_1);
        assertThat(seen).contains("INVITE sip:+49301234567@127.0.0.1:" + pbxPort);
        assertThat(seen).containsPattern("From: <sip:\\+4930555101@");
        assertThat(seen).contains("P-Asserted-Identity: <sip:+4930555101@" + TestServer.DOMAIN + ">");
        String id = callId(c.invite());
        assertThat(server.calls().await(id, 3)).containsExactly("started " + ALICE + "->0301234567 OUTBOUND", "answered",
                "ended CALLER BYE");
        assertThat(server.calls().trunk(id)).isEqualTo("pbx");
        assertThat(bridge.inUse("pbx")).isZero();
        assertThat(bridge.inUse("dead")).isZero();
    }

    /**
     * A PBX that challenges calls from its trunk (as Asterisk does for a peer with a username and
     * password) gets the INVITE again with the trunk's credentials and the next CSeq; the caller
     * never sees the challenge, its answers carry its own CSeq, and the dialog's later requests
     * reach the PBX numbered one higher, as the PBX expects after the retry.
     */
    @Test
    void aTrunkThatChallengesTheInviteGetsTheTrunksCredentialsAndTheDialogKeepsItsCseqOrder(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("pbx.log");
        Sipp.Running pbx = challengingPbx(dir, "pbx_uas_auth", "pbx-secret", "-trace_msg", "-message_file", log.toString());
        TestUserAgent alice = phone(ALICE);
        alice.register();

        Call c = alice.call("0301234567");
        Response answer = c.awaitFinal(8);
        assertThat(answer).isNotNull();
        assertThat(answer.getStatusCode()).isEqualTo(200);
        long invite = cseq(c.invite());
        assertThat(cseq(answer)).as("the 200 answers the caller's own INVITE").isEqualTo(invite);
        c.ack();
        awaitAckAtPbx(log, invite + 1);
        Response byeAnswer = c.bye();
        assertThat(byeAnswer.getStatusCode()).isEqualTo(200);
        long bye = cseq(byeAnswer);
        Sipp.Result done = pbx.await();
        assertThat(done.exitCode()).as(done.output() + done.errors()).isZero();

        String seen = Files.readString(log, StandardCharsets.ISO_8859_1);
        assertThat(cseqs(seen, "INVITE")).containsExactlyInAnyOrder(invite, invite + 1);
        assertThat(cseqs(seen, "ACK")).as("the 401's ACK, then the caller's ACK renumbered").containsExactlyInAnyOrder(invite, invite + 1);
        assertThat(cseqs(seen, "BYE")).containsExactly(bye + 1);
        assertThat(seen).containsPattern("Authorization: Digest username=\"palisade\"");
        assertThat(server.calls().await(callId(c.invite()), 3)).containsExactly("started " + ALICE + "->0301234567 OUTBOUND",
                "answered", "ended CALLER BYE");
    }

    /**
     * The same challenged call, ringing with a reliable 183 (RFC 3262): the caller's PRACK, sent
     * before any answer, reaches the PBX numbered one higher, and its RAck names the INVITE as the
     * PBX numbered it, else the PBX would refuse the PRACK and the call.
     */
    @Test
    void aPrackBeforeTheAnswerIsRenumberedLikeTheRestOfTheChallengedCall(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("pbx.log");
        Sipp.Running pbx = challengingPbx(dir, "pbx_uas_auth_100rel", "pbx-secret", "-trace_msg", "-message_file", log.toString());
        TestUserAgent alice = phone(ALICE);
        alice.register();

        Request invite = alice.request(Request.INVITE, "0301234567", ALICE);
        invite.setContent(TestUserAgent.audioSdp("127.0.0.1", 40_000), alice.headers().createContentTypeHeader("application", "sdp"));
        invite.addHeader(alice.headers().createSupportedHeader("100rel"));
        Call c = alice.call(invite);
        Response reliable = c.awaitResponse(183);
        assertThat(reliable).as("the PBX's reliable 183").isNotNull();
        long inviteCseq = cseq(c.invite());
        assertThat(cseq(reliable)).as("in the caller's numbering").isEqualTo(inviteCseq);
        Response prackAnswer = c.prack(reliable);
        assertThat(prackAnswer).isNotNull();
        assertThat(prackAnswer.getStatusCode()).isEqualTo(200);
        long prack = cseq(prackAnswer);
        Response answer = c.awaitFinal(8);
        assertThat(answer).isNotNull();
        assertThat(answer.getStatusCode()).isEqualTo(200);
        assertThat(cseq(answer)).isEqualTo(inviteCseq);
        c.ack();
        awaitAckAtPbx(log, inviteCseq + 1);
        assertThat(c.bye().getStatusCode()).isEqualTo(200);
        Sipp.Result done = pbx.await();
        assertThat(done.exitCode()).as(done.output() + done.errors()).isZero();

        String seen = Files.readString(log, StandardCharsets.ISO_8859_1);
        assertThat(cseqs(seen, "PRACK")).containsExactly(prack + 1);
        assertThat(seen).containsPattern("RAck:\\s*1 " + (inviteCseq + 1) + " INVITE");
    }

    /** Credentials the PBX refuses: the caller gets a server error, not the PBX's challenge to answer with its own password. */
    @Test
    void aTrunkThatRefusesTheCredentialsFailsTheCallWithoutPassingTheChallengeOn(@TempDir Path dir) throws Exception {
        Sipp.Running pbx = challengingPbx(dir, "pbx_uas_auth", "another-password");
        TestUserAgent alice = phone(ALICE);
        alice.register();

        Call c = alice.call("0301234567");
        Response answer = c.awaitFinal(8);
        assertThat(answer).isNotNull();
        assertThat(answer.getStatusCode()).isEqualTo(500);
        assertThat(answer.getHeader("WWW-Authenticate")).isNull();
        Sipp.Result done = pbx.await();
        assertThat(done.exitCode()).as(done.output() + done.errors()).isZero();
        assertThat(server.calls().await(callId(c.invite()), 2)).last().asString().startsWith("failed 500");
    }

    /**
     * A node whose numbers starting +49 leave through trunk pbx, with the username palisade and the
     * password pbx-secret, and a SIPp PBX on that trunk's peer playing {@code scenario}, which
     * challenges and accepts only {@code pbxPassword}.
     */
    private Sipp.Running challengingPbx(Path dir, String scenario, String pbxPassword, String... extra) throws Exception {
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
    private static void awaitAckAtPbx(Path log, long cseq) throws Exception {
        long deadline = System.currentTimeMillis() + 5_000;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(log) && cseqs(Files.readString(log, StandardCharsets.ISO_8859_1), "ACK").contains(cseq)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the PBX never got ACK " + cseq + ":\n" + (Files.exists(log) ? Files.readString(log) : "no log"));
    }

    private static long cseq(javax.sip.message.Message m) {
        return ((javax.sip.header.CSeqHeader) m.getHeader(javax.sip.header.CSeqHeader.NAME)).getSeqNumber();
    }

    /** The CSeq numbers of the {@code method} requests and their answers in a SIPp message log. */
    private static java.util.Set<Long> cseqs(String log, String method) {
        java.util.Set<Long> out = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("CSeq:\\s*(\\d+) " + method + "\\b").matcher(log);
        while (m.find()) {
            out.add(Long.parseLong(m.group(1)));
        }
        return out;
    }

    /** serve's OPTIONS health checks decide which trunks calls may use. */
    @Test
    void aTrunkWhosePeerDoesNotAnswerOptionsIsMarkedDownAuditedAndSkipped() throws Exception {
        db = TestDatabase.create(TestDb.H2);
        server = TestServer.withCheckedTrunks(db, TestServer.settings(), ProxySettings.defaults(),
                database -> new BridgeDirectory(database, new NumberNormalizer("DE"), Optional.empty(), trunk -> server.trunkUp(trunk),
                        trunk -> "unused".toCharArray(), Duration.ofMillis(100), Clock.systemUTC()),
                new TrunkSettings(Duration.ofMillis(500), Duration.ofMillis(300), Duration.ofMillis(200), Duration.ofSeconds(5),
                        Duration.ofMinutes(5), 3600));
        server.addExtension(ALICE, PW);
        server.admin().addProfile("test", "everything", EnumSet.allOf(ServiceRight.class));
        profile(ALICE, "everything");
        TestUserAgent pbx = phone("pbx"); // answers OPTIONS with 200
        trunk("pbx", pbx.localPort());
        trunk("dead", TestPhone.freeUdpPort());
        trunks().addRoute("test", new NewRoute("dead-only", Route.Kind.PREFIX, "+", 0, null, List.of("dead"), null));
        TestUserAgent alice = phone(ALICE);
        alice.register();

        long deadline = System.currentTimeMillis() + 10_000;
        while (server.audit(AuditType.TRUNK_DOWN).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(server.audit(AuditType.TRUNK_DOWN)).singleElement().satisfies(e -> assertThat(e.subject()).isEqualTo("trunk:dead"));
        assertThat(pbx.received(Request.OPTIONS)).as("the live peer is checked too").isNotEmpty();
        assertThat(server.trunkUp("pbx")).isTrue();

        Response refused = alice.call("0301234567").awaitFinal();
        assertThat(refused.getStatusCode()).as("every trunk of the route is down").isEqualTo(503);
    }

    /** The kill switch for external calls ends the calls through trunks that are up and refuses new ones. */
    @Test
    void switchingExternalCallsOffEndsTrunkCallsAndRefusesNewOnes() throws Exception {
        start(null);
        TestUserAgent pbx = phone("pbx"); // answers the INVITE as a PBX would
        trunk("pbx", pbx.localPort());
        trunks().addRoute("test", new NewRoute("all", Route.Kind.PREFIX, "+", 0, null, List.of("pbx"), null));
        TestUserAgent alice = phone(ALICE);
        alice.register();
        Call up = alice.call("0301234567");
        assertThat(up.awaitFinal().getStatusCode()).isEqualTo(200);
        up.ack();

        server.admin().switchServices("admin", EnumSet.of(ServiceRight.EXTERNAL_OUT, ServiceRight.EXTERNAL_IN), false);
        assertThat(alice.awaitRequest(Request.BYE)).as("Palisade ends the call on the phone's side").isNotNull();
        assertThat(pbx.awaitRequest(Request.BYE)).as("and on the PBX's").isNotNull();
        assertThat(server.calls().await(callId(up.invite()), 3)).endsWith("ended SYSTEM ADMIN KILL SWITCH");

        Response refused = alice.call("0301234567").awaitFinal();
        assertThat(refused.getStatusCode()).isEqualTo(403);
        assertThat(server.audit(AuditType.POLICY_BLOCKED)).singleElement()
                .satisfies(e -> assertThat(e.details()).contains("switched off"));
    }

    @Test
    void anExtensionWithoutExternalOutIsRefusedAndAudited() throws Exception {
        start(null);
        TestUserAgent pbx = phone("pbx");
        trunk("pbx", pbx.localPort());
        trunks().addRoute("test", new NewRoute("all", Route.Kind.PREFIX, "+", 0, null, List.of("pbx"), null));
        TestUserAgent bob = phone(BOB); // the default profile: no external calls
        bob.register();

        Call c = bob.call("0301234567");
        Response refused = c.awaitFinal();
        assertThat(refused.getStatusCode()).isEqualTo(403);
        assertThat(server.audit(AuditType.POLICY_BLOCKED)).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo(BOB);
            assertThat(e.details()).contains("external-out");
        });
        assertThat(server.calls().await(callId(c.invite()), 2)).containsExactly("started " + BOB + "->0301234567 OUTBOUND",
                "failed 403 BLOCKED_BY_POLICY");
        assertThat(pbx.received(Request.INVITE)).isEmpty();
        assertThat(bob.message("0301234567", "hello").getStatusCode()).isEqualTo(403);
    }

    @Test
    void aNumberNoRouteMatchesGets404AndAMessageLeavesByTheTrunk() throws Exception {
        start(null);
        TestUserAgent pbx = phone("pbx");
        trunk("pbx", pbx.localPort());
        trunks().addRoute("test", new NewRoute("germany", Route.Kind.PREFIX, "+49", 1, "00", List.of("pbx"), null));
        TestUserAgent alice = phone(ALICE);
        alice.register();

        Call c = alice.call("+442079460000");
        Response missing = c.awaitFinal();
        assertThat(missing.getStatusCode()).isEqualTo(404);
        assertThat(missing.getReasonPhrase()).isEqualTo("No route");

        assertThat(alice.message("0301234567", "hello PBX").getStatusCode()).isEqualTo(200);
        Request message = pbx.awaitRequest(Request.MESSAGE);
        assertThat(message.getRequestURI().toString()).startsWith("sip:0049301234567@127.0.0.1:" + pbx.localPort());
    }

    // ---- inbound -----------------------------------------------------------------------------

    private Request inviteFromPbx(TestUserAgent pbx, String did) throws Exception {
        Request invite = pbx.request(Request.INVITE, did, "+4915112345678");
        invite.setContent(TestUserAgent.SDP, pbx.headers().createContentTypeHeader("application", "sdp"));
        return invite;
    }

    @Test
    void aCallFromThePbxToADidRingsItsExtensionWithoutAChallenge() throws Exception {
        start(null);
        TestUserAgent pbx = phone("pbx");
        trunk("pbx", pbx.localPort());
        trunks().addDid("test", "+4930555103", CAROL);
        aDidCallFromThePbxRingsCarolUnchallenged(pbx);
    }

    /** A peer given as a host name is trusted by the address the name resolves to (localhost: 127.0.0.1). */
    @Test
    void aCallFromAPbxGivenByHostNameRingsItsExtensionWithoutAChallenge() throws Exception {
        start(null);
        TestUserAgent pbx = phone("pbx");
        trunk("pbx", "localhost:" + pbx.localPort(), null);
        trunks().addDid("test", "+4930555103", CAROL);
        awaitLookup(pbx.localPort());
        aDidCallFromThePbxRingsCarolUnchallenged(pbx);
    }

    /** The PBX {@code pbx}, a trunk's peer, calls Carol's DID +4930555103: no challenge, Carol rings, an INBOUND call on trunk pbx. */
    private void aDidCallFromThePbxRingsCarolUnchallenged(TestUserAgent pbx) throws Exception {
        TestUserAgent carol = phone(CAROL);
        carol.register();

        Call c = pbx.call(inviteFromPbx(pbx, "+4930555103"));
        Response answer = c.awaitFinal();
        assertThat(answer.getStatusCode()).isEqualTo(200);
        assertThat(c.responses()).noneMatch(r -> r.getStatusCode() == 407);
        assertThat(carol.received(Request.INVITE)).hasSize(1);
        c.ack();
        assertThat(c.bye().getStatusCode()).isEqualTo(200);
        String id = callId(c.invite());
        assertThat(server.calls().await(id, 3)).containsExactly("started +4915112345678->" + CAROL + " INBOUND", "answered",
                "ended CALLER BYE");
        assertThat(server.calls().trunk(id)).isEqualTo("pbx");
    }

    /**
     * Gives the background lookup of a new trunk's name up to 5 s to finish (asking the bridge is
     * what starts it), so that the first call is not sent before it. It asserts nothing: the
     * call decides whether the peer is recognised.
     */
    private void awaitLookup(int port) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (bridge.trunkAt("127.0.0.1", port).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
    }

    /** A PBX trunk's channel limit covers both directions: an inbound call holds a slot until it ends. */
    @Test
    void anInboundCallTakesOneOfTheTrunksMaxCallsUntilItEnds() throws Exception {
        start(null);
        TestUserAgent pbx = phone("pbx");
        trunk("pbx", "127.0.0.1:" + pbx.localPort(), 1);
        trunks().addRoute("test", new NewRoute("all", Route.Kind.PREFIX, "+", 0, null, List.of("pbx"), null));
        trunks().addDid("test", "+4930555103", CAROL);
        TestUserAgent carol = phone(CAROL);
        carol.register();
        TestUserAgent alice = phone(ALICE);
        alice.register();

        Call first = pbx.call(inviteFromPbx(pbx, "+4930555103"));
        assertThat(first.awaitFinal().getStatusCode()).isEqualTo(200);
        first.ack();
        assertThat(bridge.inUse("pbx")).isEqualTo(1);

        Call second = pbx.call(inviteFromPbx(pbx, "+4930555103"));
        Response full = second.awaitFinal();
        assertThat(full.getStatusCode()).isEqualTo(503);
        assertThat(full.getReasonPhrase()).isEqualTo("Trunk at its call limit");
        assertThat(carol.received(Request.INVITE)).as("the second call never rang").hasSize(1);
        assertThat(server.calls().await(callId(second.invite()), 2)).last().asString().startsWith("failed 503");

        Response out = alice.call("0301234567").awaitFinal();
        assertThat(out.getStatusCode()).as("the trunk is full for outbound calls too").isEqualTo(503);
        assertThat(out.getReasonPhrase()).isEqualTo("No trunk available");
        assertThat(pbx.received(Request.INVITE)).isEmpty();

        assertThat(first.bye().getStatusCode()).isEqualTo(200);
        assertThat(server.calls().await(callId(first.invite()), 3)).last().isEqualTo("ended CALLER BYE");
        Call third = pbx.call(inviteFromPbx(pbx, "+4930555103"));
        assertThat(third.awaitFinal().getStatusCode()).isEqualTo(200);
        third.ack();
        assertThat(third.bye().getStatusCode()).isEqualTo(200);
        assertThat(server.calls().await(callId(third.invite()), 3)).last().isEqualTo("ended CALLER BYE");
        assertThat(bridge.inUse("pbx")).isZero();
    }

    /** A MESSAGE is no call: it passes a full trunk and takes no slot. */
    @Test
    void aMessageFromAFullTrunkStillReachesItsExtension() throws Exception {
        start(null);
        TestUserAgent pbx = phone("pbx");
        trunk("pbx", "127.0.0.1:" + pbx.localPort(), 1);
        trunks().addDid("test", "+4930555103", CAROL);
        TestUserAgent carol = phone(CAROL);
        carol.register();
        Call up = pbx.call(inviteFromPbx(pbx, "+4930555103"));
        assertThat(up.awaitFinal().getStatusCode()).isEqualTo(200);
        up.ack();

        assertThat(pbx.message("+4930555103", "hello Carol").getStatusCode()).isEqualTo(200);
        assertThat(carol.awaitRequest(Request.MESSAGE)).isNotNull();
        assertThat(bridge.inUse("pbx")).isEqualTo(1);
        assertThat(up.bye().getStatusCode()).isEqualTo(200);
    }

    @Test
    void anUnknownDidGets404AndACalleeWithoutExternalInGets403() throws Exception {
        start(null);
        TestUserAgent pbx = phone("pbx");
        trunk("pbx", pbx.localPort());
        trunks().addDid("test", "+4930555102", BOB);
        phone(BOB).register();

        assertThat(pbx.send(inviteFromPbx(pbx, "+4930555999")).getStatusCode()).isEqualTo(404);
        Response refused = pbx.send(inviteFromPbx(pbx, "+4930555102"));
        assertThat(refused.getStatusCode()).isEqualTo(403);
        assertThat(server.audit(AuditType.POLICY_BLOCKED)).singleElement()
                .satisfies(e -> assertThat(e.details()).contains("external-in"));
    }

    @Test
    void anUnknownDidRingsTheOperatorWhenOneIsConfigured() throws Exception {
        start(CAROL);
        TestUserAgent pbx = phone("pbx");
        trunk("pbx", pbx.localPort());
        TestUserAgent carol = phone(CAROL);
        carol.register();

        Call c = pbx.call(inviteFromPbx(pbx, "+4930555999"));
        assertThat(c.awaitFinal().getStatusCode()).isEqualTo(200);
        assertThat(carol.received(Request.INVITE)).hasSize(1);
        c.ack();
        c.bye();
    }

    @Test
    void aStrangerClaimingToBeTheTrunkIsChallenged() throws Exception {
        start(null);
        TestUserAgent pbx = phone("pbx");
        trunk("pbx", pbx.localPort());
        trunks().addDid("test", "+4930555103", CAROL);
        phone(CAROL).register();
        TestUserAgent stranger = phone("pbx");

        Response r = stranger.send(inviteFromPbx(stranger, "+4930555103"));
        assertThat(r.getStatusCode()).isEqualTo(407);
    }
}
