package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.admin.RelayNodeAdministration;
import org.palisade.core.audit.AuditType;
import org.palisade.core.media.MediaStats;
import org.palisade.core.relay.RelayNode;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.relay.testing.RtpPhone;
import org.palisade.relay.testing.Rtpengine;
import org.palisade.server.testing.TestPhone;
import org.palisade.server.testing.TestServer;
import org.palisade.server.testing.TestUserAgent;
import org.palisade.server.testing.TestUserAgent.Call;
import org.palisade.sip.proxy.ProxySettings;

/**
 * Calls whose media Palisade anchors: the phones learn only relay addresses, RTP flows through
 * the relay both ways and is counted into the call's record, and a call is never put through
 * unanchored.
 */
class RelayCallTest {

    private static final String ALICE = "3101";
    private static final String BOB = "3102";
    private static final String PW = "a long enough password";
    private static final int RTP_PACKET = 172;

    /** Two registered phones, each with an RTP socket whose SDP it offers and answers with. */
    private record Phones(TestUserAgent alice, RtpPhone aliceRtp, TestUserAgent bob, RtpPhone bobRtp) implements AutoCloseable {

        static Phones register(TestServer server) throws Exception {
            Phones p = new Phones(server.phone(ALICE, PW), new RtpPhone(0x0A11CE), server.phone(BOB, PW), new RtpPhone(0x0B0B));
            p.alice.sdp(new String(p.aliceRtp.sdp(""), StandardCharsets.US_ASCII));
            p.bob.sdp(new String(p.bobRtp.sdp(""), StandardCharsets.US_ASCII));
            p.alice.register();
            p.bob.register();
            return p;
        }

        @Override
        public void close() {
            alice.close();
            bob.close();
            aliceRtp.close();
            bobRtp.close();
        }
    }

    private static TestServer withEmbeddedRelay(TestDatabase db, ProxySettings proxy) throws Exception {
        return new TestServer(db, TestServer.settings(), proxy, TestServer.embeddedRelay("31000-31199"));
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void mediaGoesThroughTheRelayBothWaysAndIsCounted(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = withEmbeddedRelay(db, ProxySettings.defaults());
             Phones p = Phones.register(server)) {
            Call call = p.alice().call(BOB);
            Response ok = call.awaitFinal();
            assertThat(ok.getStatusCode()).isEqualTo(200);
            call.ack();
            String offerAtBob = new String(p.bob().awaitRequest(Request.INVITE).getRawContent(), StandardCharsets.US_ASCII);
            String answerAtAlice = new String(ok.getRawContent(), StandardCharsets.US_ASCII);

            // Neither phone learns the other's address, port or ICE candidates.
            int towardsBob = RtpPhone.audioPort(offerAtBob.getBytes(StandardCharsets.US_ASCII));
            int towardsAlice = RtpPhone.audioPort(answerAtAlice.getBytes(StandardCharsets.US_ASCII));
            assertThat(List.of(towardsBob, towardsAlice)).allSatisfy(port -> assertThat(port).isBetween(31000, 31199))
                    .doesNotContain(p.aliceRtp().port(), p.bobRtp().port());
            assertThat(offerAtBob).contains("c=IN IP4 127.0.0.1").doesNotContain("192.0.2.10").doesNotContain("a=candidate")
                    .doesNotContain("a=ice-");
            assertThat(answerAtAlice).contains("c=IN IP4 127.0.0.1").doesNotContain("a=candidate");

            p.aliceRtp().sendRtp(towardsAlice, 20, (byte) 'a');
            List<byte[]> atBob = p.bobRtp().receive(20, 3000);
            p.bobRtp().sendRtp(towardsBob, 15, (byte) 'b');
            List<byte[]> atAlice = p.aliceRtp().receive(15, 3000);
            assertThat(atBob).hasSize(20).allSatisfy(b -> assertThat(b[RTP_PACKET - 1]).isEqualTo((byte) 'a'));
            assertThat(atAlice).hasSize(15).allSatisfy(b -> assertThat(b[RTP_PACKET - 1]).isEqualTo((byte) 'b'));

            assertThat(call.bye().getStatusCode()).isEqualTo(200);
            String callId = call.invite().getHeader("Call-ID").toString().split(":", 2)[1].trim();
            assertThat(server.calls().await(callId, 4)).containsExactly(
                    "started " + ALICE + "->" + BOB + " INTERNAL", "answered", "relayed 20/15", "ended CALLER BYE");
            MediaStats stats = server.calls().relayed(callId);
            assertThat(stats.bytesFromCaller()).isEqualTo(20L * RTP_PACKET);
            assertThat(stats.bytesFromCallee()).isEqualTo(15L * RTP_PACKET);
        }
    }

    /**
     * A phone behind NAT announces an address nobody can reach; the relay sends to where its
     * packets really come from (symmetric latching).
     */
    @Test
    void aPhoneWhoseSdpAddressIsWrongStillGetsItsMedia() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDb.H2); TestServer server = withEmbeddedRelay(db, ProxySettings.defaults());
             Phones p = Phones.register(server)) {
            // what a phone behind NAT announces: its private port, not the one the NAT maps it to
            p.alice().sdp(TestUserAgent.audioSdp("127.0.0.1", TestPhone.freeUdpPort()));
            Call call = p.alice().call(BOB);
            Response ok = call.awaitFinal();
            call.ack();
            int towardsBob = RtpPhone.audioPort(p.bob().awaitRequest(Request.INVITE).getRawContent());
            int towardsAlice = RtpPhone.audioPort(ok.getRawContent());

            p.aliceRtp().sendRtp(towardsAlice, 3, (byte) 'a');
            assertThat(p.bobRtp().receive(3, 3000)).hasSize(3);
            p.bobRtp().sendRtp(towardsBob, 5, (byte) 'b');
            assertThat(p.aliceRtp().receive(5, 3000)).as("sent to where Alice's packets came from").hasSize(5);
            call.bye();
        }
    }

    @Test
    void aCallWhoseMediaStopsIsEndedAndRecordedAsMediaTimeout() throws Exception {
        ProxySettings shortTimeout = ProxySettings.defaults().withMedia(ProxySettings.defaults().anchor(), Duration.ofSeconds(2));
        try (TestDatabase db = TestDatabase.create(TestDb.H2); TestServer server = withEmbeddedRelay(db, shortTimeout);
             Phones p = Phones.register(server)) {
            Call call = p.alice().call(BOB);
            Response ok = call.awaitFinal();
            call.ack();
            p.aliceRtp().sendRtp(RtpPhone.audioPort(ok.getRawContent()), 5, (byte) 'a');
            // ... and then nothing: both phones get a BYE from Palisade
            Request byeAtAlice = p.alice().awaitRequest(Request.BYE, 1);
            Request byeAtBob = p.bob().awaitRequest(Request.BYE, 1);
            assertThat(byeAtAlice).isNotNull();
            assertThat(byeAtBob).isNotNull();
            assertThat(byeAtBob.getHeader("Reason").toString()).contains("No media for 2 s");
            String callId = call.invite().getHeader("Call-ID").toString().split(":", 2)[1].trim();
            assertThat(server.calls().await(callId, 4)).endsWith("relayed 5/0", "ended SYSTEM MEDIA TIMEOUT");
        }
    }

    @Test
    void withNoRelayNodeUpACallIsRefusedWith503AndAudited() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDb.H2)) {
            // a configured node that does not answer: nothing listens on its ng port
            new RelayNodeAdministration(db.database(), java.time.Clock.systemUTC())
                    .add("admin", new RelayNode("dead", "127.0.0.1", TestPhone.freeUdpPort(), 100));
            try (TestServer server = new TestServer(db, TestServer.settings(), ProxySettings.defaults(), TestServer.databaseRelays());
                 Phones p = Phones.register(server)) {
                Call call = p.alice().call(BOB);
                Response refused = call.awaitFinal(10);
                assertThat(refused.getStatusCode()).isEqualTo(503);
                assertThat(refused.getReasonPhrase()).isEqualTo("No media relay available");
                assertThat(p.bob().received(Request.INVITE)).as("the callee never rings").isEmpty();
                assertThat(server.audit(AuditType.RELAY_UNAVAILABLE)).singleElement()
                        .satisfies(e -> {
                            assertThat(e.actor()).isEqualTo(ALICE);
                            assertThat(e.subject()).isEqualTo(BOB);
                        });
                String callId = call.invite().getHeader("Call-ID").toString().split(":", 2)[1].trim();
                assertThat(server.calls().await(callId, 2)).endsWith("failed 503 FAILED");
            }
        }
    }

    /** Palisade's proxy drives a real rtpengine (Debian's, userspace) as a relay node. */
    @Test
    void theProxyAnchorsCallsOnARealRtpengine() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDb.H2); Rtpengine rtpengine = Rtpengine.start()) {
            new RelayNodeAdministration(db.database(), java.time.Clock.systemUTC()).add("admin", rtpengine.node("rtpengine", 100));
            try (TestServer server = new TestServer(db, TestServer.settings(), ProxySettings.defaults(), TestServer.databaseRelays());
                 Phones p = Phones.register(server)) {
                Call call = p.alice().call(BOB);
                Response ok = call.awaitFinal(10);
                assertThat(ok.getStatusCode()).isEqualTo(200);
                call.ack();
                int towardsBob = RtpPhone.audioPort(p.bob().awaitRequest(Request.INVITE).getRawContent());
                int towardsAlice = RtpPhone.audioPort(ok.getRawContent());
                assertThat(rtpengine.owns(towardsBob)).isTrue();
                assertThat(rtpengine.owns(towardsAlice)).isTrue();

                p.aliceRtp().sendRtp(towardsAlice, 10, (byte) 'a');
                assertThat(p.bobRtp().receive(10, 3000)).hasSize(10);
                p.bobRtp().sendRtp(towardsBob, 7, (byte) 'b');
                assertThat(p.aliceRtp().receive(7, 3000)).hasSize(7);

                call.bye();
                String callId = call.invite().getHeader("Call-ID").toString().split(":", 2)[1].trim();
                assertThat(server.calls().await(callId, 4)).contains("relayed 10/7");
            }
        }
    }
}
