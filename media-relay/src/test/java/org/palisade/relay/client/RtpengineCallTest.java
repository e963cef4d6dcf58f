package org.palisade.relay.client;

import org.palisade.relay.testing.RtpPhone;
import org.palisade.relay.testing.Rtpengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.palisade.core.media.MediaLegs;
import org.palisade.core.media.MediaStats;

/**
 * A whole anchored call through a real rtpengine, driven the way the proxy drives it: the
 * pool's offer and answer rewrite the phones' SDP, the phones' RTP flows through the relay's
 * ports, and query and delete count it per direction.
 */
class RtpengineCallTest {

    private static Rtpengine rtpengine;
    private static NgClient client;
    private static RelayPool pool;

    @BeforeAll
    static void startRelay() {
        rtpengine = Rtpengine.start();
        client = new NgClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Duration.ofMillis(200), 3);
        pool = new RelayPool(() -> List.of(rtpengine.node("local", 10)), client, PoolSettings.DEFAULTS);
        pool.start();
    }

    @AfterAll
    static void stopRelay() {
        if (pool != null) {
            pool.stop();
        }
        if (client != null) {
            client.close();
        }
        if (rtpengine != null) {
            rtpengine.close();
        }
    }

    private static String text(byte[] sdp) {
        return new String(sdp, StandardCharsets.UTF_8);
    }

    @Test
    void pingAnswersPong() {
        Map<String, Object> reply = client.request(rtpengine.ngAddress(), Map.of("command", "ping"));
        assertThat(reply).containsEntry("result", "pong");
        assertThat(pool.status()).singleElement().satisfies(s -> {
            assertThat(s.up()).isTrue();
            assertThat(s.ng()).isEqualTo("127.0.0.1:" + rtpengine.ngAddress().getPort());
        });
    }

    @Test
    void anAnchoredCallRelaysRtpBothWaysAndCountsEachDirection() {
        try (RtpPhone alice = new RtpPhone(0x1111); RtpPhone bob = new RtpPhone(0x2222)) {
            long setUp = System.currentTimeMillis();
            byte[] toBob = pool.offer(new MediaLegs("call-1@test", "alice-tag", null), alice.sdp(""));
            String offer = text(toBob);
            int relayForBob = RtpPhone.audioPort(toBob);
            assertThat(rtpengine.owns(relayForBob)).as(offer).isTrue();
            assertThat(offer).contains("c=IN IP4 127.0.0.1").contains("a=rtpmap:0 PCMU/8000").contains("a=rtcp:" + (relayForBob + 1))
                    .as("the origin and the ICE candidates would tell Bob where Alice is")
                    .doesNotContain("192.0.2.10").doesNotContain("a=candidate").doesNotContain("a=ice-")
                    .as("Alice did not offer rtcp-mux").doesNotContain("rtcp-mux");

            byte[] toAlice = pool.answer(new MediaLegs("call-1@test", "alice-tag", "bob-tag"), bob.sdp(""));
            int relayForAlice = RtpPhone.audioPort(toAlice);
            assertThat(rtpengine.owns(relayForAlice)).isTrue();
            assertThat(relayForAlice).isNotEqualTo(relayForBob);
            assertThat(text(toAlice)).doesNotContain("192.0.2.10").doesNotContain("a=candidate").doesNotContain("rtcp-mux");

            alice.sendRtp(relayForAlice, 5, (byte) 0xA1);
            bob.sendRtp(relayForBob, 3, (byte) 0xB0);
            List<byte[]> atBob = bob.receive(5, 2000);
            List<byte[]> atAlice = alice.receive(3, 2000);
            assertThat(atBob).hasSize(5).allSatisfy(p -> {
                assertThat(p).hasSize(RtpPhone.PACKET);
                assertThat(p[RtpPhone.PACKET - 1]).isEqualTo((byte) 0xA1);
            });
            assertThat(atAlice).hasSize(3).allSatisfy(p -> assertThat(p[RtpPhone.RTP_HEADER]).isEqualTo((byte) 0xB0));

            Optional<MediaStats> sofar = pool.query("call-1@test");
            assertThat(sofar).isPresent();
            assertThat(sofar.get().packetsFromCaller()).isEqualTo(5);
            assertThat(sofar.get().bytesFromCaller()).isEqualTo(5L * RtpPhone.PACKET);
            assertThat(sofar.get().packetsFromCallee()).isEqualTo(3);
            assertThat(sofar.get().bytesFromCallee()).isEqualTo(3L * RtpPhone.PACKET);
            // rtpengine has whole seconds only
            assertThat(sofar.get().lastPacketMillis()).isBetween(setUp / 1000 * 1000, System.currentTimeMillis());

            bob.sendRtp(relayForBob, 1, (byte) 0xB1);
            assertThat(alice.receive(1, 2000)).hasSize(1);
            Optional<MediaStats> last = pool.delete("call-1@test");
            assertThat(last).contains(new MediaStats(5, 5L * RtpPhone.PACKET, 4, 4L * RtpPhone.PACKET, last.get().lastPacketMillis()));

            assertThat(pool.query("call-1@test")).as("deleted").isEmpty();
            assertThat(pool.delete("call-1@test")).as("deleted twice").isEmpty();
            assertThatThrownBy(() -> client.request(rtpengine.ngAddress(), Map.of("command", "query", "call-id", "call-1@test")))
                    .as("the relay freed it too").isInstanceOf(NgErrorReply.class);
        }
    }

    @Test
    void anUnknownCallHasNoCounters() {
        assertThat(pool.query("never-offered")).isEmpty();
        assertThat(pool.delete("never-offered")).isEmpty();
        assertThatThrownBy(() -> client.request(rtpengine.ngAddress(), Map.of("command", "query", "call-id", "never-offered")))
                .isInstanceOfSatisfying(NgErrorReply.class, e -> assertThat(e.reason()).isEqualTo("Unknown call-id"));
    }

    @Test
    void rtcpMuxIsPassedOnAsThePhonesChooseIt() {
        try (RtpPhone alice = new RtpPhone(1); RtpPhone bob = new RtpPhone(2)) {
            byte[] toBob = pool.offer(new MediaLegs("mux@test", "a", null), alice.sdp("a=rtcp-mux\r\n"));
            assertThat(text(toBob)).as("offered on to Bob").contains("a=rtcp-mux");
            byte[] toAlice = pool.answer(new MediaLegs("mux@test", "a", "b"), bob.sdp("a=rtcp-mux\r\n"));
            int port = RtpPhone.audioPort(toAlice);
            assertThat(text(toAlice)).contains("a=rtcp-mux").contains("a=rtcp:" + port);
            assertThat(pool.delete("mux@test")).isPresent();
        }
    }

    @Test
    void aReInviteFromTheCalleeStaysOnTheNodeAndKeepsTheCaller() {
        try (RtpPhone alice = new RtpPhone(1); RtpPhone bob = new RtpPhone(2)) {
            pool.offer(new MediaLegs("reinvite@test", "a", null), alice.sdp(""));
            byte[] toAlice = pool.answer(new MediaLegs("reinvite@test", "a", "b"), bob.sdp(""));
            byte[] reoffer = pool.offer(new MediaLegs("reinvite@test", "b", "a"), bob.sdp(""));
            byte[] reanswer = pool.answer(new MediaLegs("reinvite@test", "b", "a"), alice.sdp(""));
            assertThat(RtpPhone.audioPort(reoffer)).isEqualTo(RtpPhone.audioPort(toAlice));
            int relayForBob = RtpPhone.audioPort(reanswer);

            bob.sendRtp(relayForBob, 2, (byte) 7);
            assertThat(alice.receive(2, 2000)).hasSize(2);
            MediaStats stats = pool.delete("reinvite@test").orElseThrow();
            assertThat(stats.packetsFromCallee()).as("Bob is still the callee").isEqualTo(2);
            assertThat(stats.packetsFromCaller()).isZero();
        }
    }

    @Test
    void aRefusedOfferIsNotAnchoredAndNamesTheNode() {
        byte[] garbage = "this is no SDP".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> pool.offer(new MediaLegs("garbage@test", "a", null), garbage))
                .isInstanceOf(org.palisade.core.media.RelayUnavailableException.class)
                .hasMessageContaining("local").hasMessageContaining("Failed to parse SDP");
        assertThat(pool.status().get(0).up()).as("it answered, so it is up").isTrue();
        assertThatThrownBy(() -> pool.answer(new MediaLegs("garbage@test", "a", "b"), garbage))
                .isInstanceOf(org.palisade.core.media.RelayUnavailableException.class);
    }
}
