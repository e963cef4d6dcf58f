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
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palisade.core.audit.AuditType;
import org.palisade.core.rights.ServiceRight;
import org.palisade.core.trunk.NewRoute;
import org.palisade.core.trunk.Route;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.pbx.BridgeDirectory;
import org.palisade.pbx.dialplan.NumberNormalizer;
import org.palisade.pbx.sip.TrunkSettings;
import org.palisade.server.testing.Sipp;
import org.palisade.server.testing.TestPhone;
import org.palisade.server.testing.TestServer;
import org.palisade.server.testing.TestUserAgent;
import org.palisade.server.testing.TestUserAgent.Call;
import org.palisade.sip.proxy.ProxySettings;

/**
 * Calls from an extension out through a static SIP trunk to the company's PBX: the dial plan's
 * route and E.164 numbers, failover from a trunk that never answers, a PBX that challenges the
 * INVITE (the trunk's credentials, CSeq renumbering, PRACK, refused credentials), OPTIONS health
 * checks, the kill switch for external calls, an extension without external-out, a number no
 * route matches, and a MESSAGE that leaves by the trunk.
 */
class TrunkOutboundCallTest extends TrunkCallFixture {

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
}
