package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import javax.sip.header.CSeqHeader;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.server.testing.TestServer;
import org.palisade.server.testing.TestUserAgent;
import org.palisade.server.testing.TestUserAgent.Answer;
import org.palisade.server.testing.TestUserAgent.Call;
import org.palisade.sip.proxy.ProxySettings;

/**
 * Calls between registered phones through Palisade, over real UDP on loopback: what each side
 * sees on the wire, and the call events the proxy reports.
 */
class CallTest {

    private static final String ALICE = "3001";
    private static final String BOB = "3002";
    private static final String PW_ALICE = "alice's long password";
    private static final String PW_BOB = "bob's long password";

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void answeredCallEndToEnd(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = new TestServer(db, TestServer.settings());
             TestUserAgent alice = new TestUserAgent(ALICE, PW_ALICE, TestServer.DOMAIN, server.port());
             TestUserAgent bob = new TestUserAgent(BOB, PW_BOB, TestServer.DOMAIN, server.port())) {
            server.addExtension(ALICE, PW_ALICE);
            server.addExtension(BOB, PW_BOB);
            alice.register();
            bob.register();

            Call call = alice.call(BOB);
            Response ok = call.awaitFinal();
            assertThat(ok.getStatusCode()).isEqualTo(200);
            // The test phone's stack hands responses to its listener on several threads, so 100 and
            // 180 may be seen in any order; on the wire Palisade's 100 comes first.
            assertThat(call.responses()).extracting(Response::getStatusCode).contains(100, 180, 200);
            String rr = "<sip:127.0.0.1:" + server.port() + ";transport=udp;lr>";
            assertThat(ok.getHeader(RecordRouteHeader.NAME).toString().trim()).isEqualTo("Record-Route: " + rr);
            assertThat(ok.getHeaders(ViaHeader.NAME)).toIterable().hasSize(1);

            Request atBob = bob.awaitRequest(Request.INVITE);
            assertThat(atBob.getRequestURI().toString()).isEqualTo(bob.contact());
            assertThat(((MaxForwardsHeader) atBob.getHeader(MaxForwardsHeader.NAME)).getMaxForwards()).isEqualTo(69);
            assertThat(atBob.getHeader("Proxy-Authorization")).as("credentials are consumed by Palisade").isNull();
            assertThat(atBob.getHeaders(ViaHeader.NAME)).toIterable().hasSize(2);
            assertThat(((ViaHeader) atBob.getHeader(ViaHeader.NAME)).getPort()).isEqualTo(server.port());

            call.ack();
            Request ack = bob.awaitRequest(Request.ACK);
            assertThat(ack).isNotNull();
            assertThat(ack.getHeader("Route")).as("Palisade removed its own Route").isNull();

            Response byeOk = call.bye();
            assertThat(byeOk.getStatusCode()).isEqualTo(200);
            assertThat(bob.awaitRequest(Request.BYE)).isNotNull();

            assertThat(server.calls().await(callId(call), 3))
                    .containsExactly("started " + ALICE + "->" + BOB + " INTERNAL", "answered", "ended CALLER BYE");
        }
    }

    /** A call held past the transaction timers (T1, 2*T1) still ends in the call events. */
    @Test
    void aCallHeldPastTheRetransmitTimersStillEnds() throws Exception {
        try (Phones p = Phones.start(TestServer.settings(), ProxySettings.defaults())) {
            Call call = p.alice.call(BOB);
            assertThat(call.awaitFinal().getStatusCode()).isEqualTo(200);
            call.ack();
            assertThat(p.bob.awaitRequest(Request.ACK)).isNotNull();
            Thread.sleep(1700);
            assertThat(call.bye().getStatusCode()).isEqualTo(200);
            assertThat(p.server.calls().await(callId(call), 3)).endsWith("ended CALLER BYE");
        }
    }

    @Test
    void theCalleeHangsUp() throws Exception {
        try (Phones p = Phones.start(TestServer.settings(), ProxySettings.defaults())) {
            Call call = p.alice.call(BOB);
            assertThat(call.awaitFinal().getStatusCode()).isEqualTo(200);
            call.ack();
            assertThat(p.bob.awaitRequest(Request.ACK)).isNotNull();

            Response ok = p.bob.hangUp();
            assertThat(ok.getStatusCode()).isEqualTo(200);
            Request bye = p.alice.awaitRequest(Request.BYE);
            assertThat(bye.getRequestURI().toString()).isEqualTo(p.alice.contact());
            assertThat(p.server.calls().await(callId(call), 3)).endsWith("ended CALLEE BYE");
        }
    }

    @Test
    void busyIsRelayed() throws Exception {
        try (Phones p = Phones.start(TestServer.settings(), ProxySettings.defaults())) {
            p.bob.answerWith(Answer.BUSY);
            Call call = p.alice.call(BOB);
            assertThat(call.awaitFinal().getStatusCode()).isEqualTo(486);
            assertThat(p.server.calls().await(callId(call), 2)).containsExactly(
                    "started " + ALICE + "->" + BOB + " INTERNAL", "failed 486 BUSY");
        }
    }

    @Test
    void anExtensionWithoutBindingIsTemporarilyUnavailable() throws Exception {
        try (Phones p = Phones.start(TestServer.settings(), ProxySettings.defaults())) {
            p.server.addExtension("3009", "offline's password");
            Call call = p.alice.call("3009");
            assertThat(call.awaitFinal().getStatusCode()).isEqualTo(480);
            assertThat(p.server.calls().await(callId(call), 2)).containsExactly(
                    "started " + ALICE + "->3009 INTERNAL", "failed 480 NO_ANSWER");
        }
    }

    @Test
    void anUnknownNumberIsNotFoundButOnlyAfterAuthentication() throws Exception {
        try (Phones p = Phones.start(TestServer.settings(), ProxySettings.defaults())) {
            Request probe = p.alice.request(Request.INVITE, "3999", ALICE);
            Response challenge = p.alice.send(probe);
            assertThat(challenge.getStatusCode()).as("a stranger learns nothing").isEqualTo(407);
            assertThat(challenge.getHeaders("Proxy-Authenticate")).toIterable().hasSize(2);
            assertThat(challenge.getHeader("WWW-Authenticate")).isNull();

            Call call = p.alice.call("3999");
            assertThat(call.awaitFinal().getStatusCode()).isEqualTo(404);
            assertThat(p.server.calls().await(callId(call), 2)).containsExactly(
                    "started " + ALICE + "->3999 INTERNAL", "failed 404 FAILED");
        }
    }

    @Test
    void aForkedCallIsAnsweredOnOneDeviceAndCancelledOnTheOther() throws Exception {
        try (Phones p = Phones.start(TestServer.settings(), ProxySettings.defaults());
             TestUserAgent bobsDesk = new TestUserAgent(BOB, PW_BOB, TestServer.DOMAIN, p.server.port())) {
            bobsDesk.register();
            bobsDesk.answerWith(Answer.RING_FOREVER);
            p.bob.answerAfter(500);

            Call call = p.alice.call(BOB);
            assertThat(call.awaitFinal().getStatusCode()).isEqualTo(200);
            assertThat(p.bob.awaitRequest(Request.INVITE)).isNotNull();
            assertThat(bobsDesk.awaitRequest(Request.INVITE)).isNotNull();
            assertThat(bobsDesk.awaitRequest(Request.CANCEL)).as("the device that did not answer is cancelled").isNotNull();
            // It answered the INVITE with 487, which Palisade acknowledged hop by hop.
            Request ackFor487 = bobsDesk.awaitRequest(Request.ACK);
            assertThat(ackFor487).isNotNull();
            assertThat(((CSeqHeader) ackFor487.getHeader(CSeqHeader.NAME)).getMethod()).isEqualTo(Request.ACK);
            assertThat(p.bob.received(Request.CANCEL)).isEmpty();
            assertThat(call.responses()).extracting(Response::getStatusCode).doesNotContain(487);

            call.ack();
            assertThat(p.bob.awaitRequest(Request.ACK)).isNotNull();
            assertThat(call.bye().getStatusCode()).isEqualTo(200);
            assertThat(p.bob.awaitRequest(Request.BYE)).isNotNull();
            assertThat(bobsDesk.received(Request.BYE)).isEmpty();
            assertThat(p.server.calls().await(callId(call), 3)).containsExactly(
                    "started " + ALICE + "->" + BOB + " INTERNAL", "answered", "ended CALLER BYE");
        }
    }

    @Test
    void theCallerCancelsWhileItRings() throws Exception {
        try (Phones p = Phones.start(TestServer.settings(), ProxySettings.defaults())) {
            p.bob.answerWith(Answer.RING_FOREVER);
            Call call = p.alice.call(BOB);
            assertThat(call.awaitResponse(180)).isNotNull();
            call.cancel();
            assertThat(call.awaitFinal().getStatusCode()).isEqualTo(487);
            assertThat(p.bob.awaitRequest(Request.CANCEL)).isNotNull();
            assertThat(p.server.calls().await(callId(call), 2)).containsExactly(
                    "started " + ALICE + "->" + BOB + " INTERNAL", "failed 487 CANCELLED");
        }
    }

    @Test
    void aCallNobodyAnswersEndsAfterTheNoAnswerTimeout() throws Exception {
        try (Phones p = Phones.start(TestServer.settings(), new ProxySettings(Duration.ofSeconds(2)))) {
            p.bob.answerWith(Answer.RING_FOREVER);
            long start = System.nanoTime();
            Call call = p.alice.call(BOB);
            Response last = call.awaitFinal(6);
            long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
            assertThat(last.getStatusCode()).isEqualTo(480);
            assertThat(seconds).isBetween(1L, 5L);
            assertThat(p.bob.awaitRequest(Request.CANCEL)).isNotNull();
            assertThat(p.server.calls().await(callId(call), 2)).containsExactly(
                    "started " + ALICE + "->" + BOB + " INTERNAL", "failed 480 NO_ANSWER");
        }
    }

    @Test
    void aReInviteInTheDialogPassesThrough() throws Exception {
        try (Phones p = Phones.start(TestServer.settings(), ProxySettings.defaults())) {
            Call call = p.alice.call(BOB);
            assertThat(call.awaitFinal().getStatusCode()).isEqualTo(200);
            call.ack();
            Response again = call.reInvite();
            assertThat(again.getStatusCode()).isEqualTo(200);
            assertThat(p.bob.awaitRequest(Request.INVITE, 2)).satisfies(re -> {
                assertThat(re.getHeader("To").toString()).contains("tag=");
                assertThat(re.getHeader(RecordRouteHeader.NAME)).as("no new Record-Route mid-dialog").isNull();
            });
            assertThat(p.bob.awaitRequest(Request.ACK, 2)).isNotNull();
            assertThat(call.bye().getStatusCode()).isEqualTo(200);
            assertThat(p.server.calls().await(callId(call), 3)).containsExactly(
                    "started " + ALICE + "->" + BOB + " INTERNAL", "answered", "ended CALLER BYE");
        }
    }

    @Test
    void aMessageReachesEveryDeviceOfTheExtension() throws Exception {
        try (Phones p = Phones.start(TestServer.settings(), ProxySettings.defaults());
             TestUserAgent bobsDesk = new TestUserAgent(BOB, PW_BOB, TestServer.DOMAIN, p.server.port())) {
            bobsDesk.register();
            Response ok = p.alice.message(BOB, "lunch at noon?");
            assertThat(ok.getStatusCode()).isEqualTo(200);
            for (TestUserAgent device : List.of(p.bob, bobsDesk)) {
                Request m = device.awaitRequest(Request.MESSAGE);
                assertThat(m).isNotNull();
                assertThat(new String(m.getRawContent(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("lunch at noon?");
                assertThat(m.getHeader(RecordRouteHeader.NAME)).isNull();
            }
            assertThat(p.server.calls().started()).as("a message is no call").isEmpty();
        }
    }

    @Test
    void aCallerMayNotPretendToBeSomeoneElse() throws Exception {
        try (Phones p = Phones.start(TestServer.settings(), ProxySettings.defaults())) {
            Request spoofed = p.alice.request(Request.INVITE, BOB, "3005");
            spoofed.setContent(TestUserAgent.SDP, p.alice.headers().createContentTypeHeader("application", "sdp"));
            Response refused = p.alice.sendAuthenticated(spoofed);
            assertThat(refused.getStatusCode()).isEqualTo(403);
            assertThat(p.bob.received(Request.INVITE)).isEmpty();
            assertThat(p.server.calls().started()).isEmpty();
        }
    }

    @Test
    void maxForwardsZeroIsTooManyHops() throws Exception {
        try (Phones p = Phones.start(TestServer.settings(), ProxySettings.defaults())) {
            Request tired = p.alice.request(Request.INVITE, BOB, ALICE);
            ((MaxForwardsHeader) tired.getHeader(MaxForwardsHeader.NAME)).setMaxForwards(0);
            assertThat(p.alice.send(tired).getStatusCode()).isEqualTo(483);
            assertThat(p.bob.received()).isEmpty();
        }
    }

    @Test
    void optionsToTheServerListsTheProxyMethods() throws Exception {
        try (Phones p = Phones.start(TestServer.settings(), ProxySettings.defaults())) {
            Request options = p.alice.request(Request.OPTIONS, BOB, ALICE);
            options.setRequestURI(p.alice.serverUri());
            Response ok = p.alice.send(options);
            assertThat(ok.getStatusCode()).isEqualTo(200);
            List<String> allowed = new java.util.ArrayList<>();
            ok.getHeaders("Allow").forEachRemaining(h -> allowed.add(((javax.sip.header.AllowHeader) h).getMethod()));
            assertThat(allowed).contains("INVITE", "ACK", "BYE", "CANCEL", "MESSAGE", "INFO", "UPDATE", "PRACK", "REFER", "NOTIFY");
            List<String> accepted = new java.util.ArrayList<>();
            ok.getHeaders("Accept").forEachRemaining(h -> accepted.add(((javax.sip.header.AcceptHeader) h).getContentType()
                    + "/" + ((javax.sip.header.AcceptHeader) h).getContentSubType()));
            assertThat(accepted).contains("application/sdp", "text/plain", "message/cpim");
            assertThat(ok.getHeader("Supported")).isNotNull();
        }
    }

    private static String callId(Call call) {
        return ((javax.sip.header.CallIdHeader) call.invite().getHeader("Call-ID")).getCallId();
    }

    /** Alice and Bob registered on a fresh server on H2. */
    private record Phones(TestDatabase db, TestServer server, TestUserAgent alice, TestUserAgent bob) implements AutoCloseable {

        static Phones start(org.palisade.registrar.RegistrarSettings settings, ProxySettings proxy) throws Exception {
            TestDatabase db = TestDatabase.create(TestDb.H2);
            TestServer server = new TestServer(db, settings, proxy);
            TestUserAgent alice = new TestUserAgent(ALICE, PW_ALICE, TestServer.DOMAIN, server.port());
            TestUserAgent bob = new TestUserAgent(BOB, PW_BOB, TestServer.DOMAIN, server.port());
            server.addExtension(ALICE, PW_ALICE);
            server.addExtension(BOB, PW_BOB);
            alice.register();
            bob.register();
            return new Phones(db, server, alice, bob);
        }

        @Override
        public void close() {
            alice.close();
            bob.close();
            server.close();
            db.close();
        }
    }
}
