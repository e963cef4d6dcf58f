package org.palisade.relay.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.palisade.relay.testing.NgTestClient.at;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.palisade.relay.testing.Phone;
import org.palisade.relay.testing.Phone.Packet;

/** Relaying, latching and counting, end to end over ng and loopback UDP. */
@SuppressWarnings("unchecked")
class RelayNodeTest extends RelayNodeFixture {

    @Test
    void rewritesBothSdpsAndRelaysBothWaysByteForByte() throws Exception {
        String toCallee = (String) offer("call-1", caller.sdp("a=ice-ufrag:abcd", "a=candidate:1 1 UDP 2130706431 127.0.0.1 4000 typ host",
                "a=sendrecv")).get("sdp");
        assertThat(toCallee).contains("c=IN IP4 127.0.0.1\r\n").contains("o=phone 1 1 IN IP4 127.0.0.1\r\n")
                .contains("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR\r\n")
                .contains("a=sendrecv\r\n").doesNotContain("candidate").doesNotContain("ice-ufrag")
                .doesNotContain("m=audio " + caller.rtp.getLocalPort());
        int toCalleePort = Phone.port(toCallee, 0);
        assertThat(toCalleePort).isBetween(FIRST_PORT, LAST_PORT).isEven();
        assertThat(toCallee).contains("a=rtcp:" + (toCalleePort + 1) + "\r\n");

        String toCaller = (String) answer("call-1", callee.sdp()).get("sdp");
        int toCallerPort = Phone.port(toCaller, 0);
        assertThat(toCallerPort).isBetween(FIRST_PORT, LAST_PORT).isNotEqualTo(toCalleePort);

        byte[] out = Phone.rtp(1, 0x1111, 160, random);
        caller.send(caller.rtp, out, relay(toCallerPort));
        Packet got = Phone.receive(callee.rtp, 2000);
        assertThat(got).isNotNull();
        assertThat(got.data()).isEqualTo(out);
        assertThat(got.source()).isEqualTo(relay(toCalleePort));

        byte[] back = Phone.rtp(7, 0x2222, 200, random);
        callee.send(callee.rtp, back, relay(toCalleePort));
        Packet gotBack = Phone.receive(caller.rtp, 2000);
        assertThat(gotBack).isNotNull();
        assertThat(gotBack.data()).isEqualTo(back);
        assertThat(gotBack.source()).isEqualTo(relay(toCallerPort));
        assertThat(node.stats().packetsRelayed()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void latchesOntoTheRealSourceWhenTheSdpLies() throws Exception {
        String lying = caller.sdp().replace("m=audio " + caller.rtp.getLocalPort(), "m=audio 9");
        int[] ports = setUp("call-latch", lying, callee.sdp());
        callee.send(callee.rtp, Phone.rtp(1, 2, 20, random), relay(ports[1]));
        assertThat(Phone.receive(caller.rtp, 300)).as("before latching, the SDP's port 9 gets it").isNull();

        byte[] first = Phone.rtp(1, 1, 20, random);
        caller.send(caller.rtp, first, relay(ports[0]));
        assertThat(Phone.receive(callee.rtp, 2000).data()).isEqualTo(first);
        byte[] reply = Phone.rtp(2, 2, 20, random);
        callee.send(callee.rtp, reply, relay(ports[1]));
        assertThat(Phone.receive(caller.rtp, 2000).data()).isEqualTo(reply);

        Map<String, Object> q = ng.request(Map.of("command", "query", "call-id", "call-latch"));
        Object rtpStream = at(q, "tags", "caller-tag", "medias", 0, "streams", 0);
        assertThat(at(rtpStream, "endpoint", "port")).isEqualTo((long) caller.rtp.getLocalPort());
        assertThat(at(rtpStream, "advertised endpoint", "port")).isEqualTo(9L);
        assertThat((List<Object>) (List<?>) at(rtpStream, "flags")).contains("RTP", "confirmed");
    }

    @Test
    void dropsAStrangerAfterLatchingAndCountsIt() throws Exception {
        int[] ports = setUp("call-stranger", caller.sdp(), callee.sdp());
        caller.send(caller.rtp, Phone.rtp(1, 1, 20, random), relay(ports[0]));
        assertThat(Phone.receive(callee.rtp, 2000)).isNotNull();
        try (Phone stranger = new Phone("127.0.0.1")) {
            byte[] hijack = Phone.rtp(2, 99, 20, random);
            stranger.send(stranger.rtp, hijack, relay(ports[0]));
            byte[] legit = Phone.rtp(2, 1, 20, random);
            Thread.sleep(50);
            caller.send(caller.rtp, legit, relay(ports[0]));
            assertThat(Phone.receive(callee.rtp, 2000).data()).isEqualTo(legit);
            assertThat(Phone.receive(callee.rtp, 200)).isNull();
        }
        Map<String, Object> q = ng.request(Map.of("command", "query", "call-id", "call-stranger"));
        assertThat(at(q, "tags", "caller-tag", "medias", 0, "streams", 0, "stats", "errors")).isEqualTo(1L);
        assertThat(at(q, "tags", "caller-tag", "medias", 0, "streams", 0, "stats", "packets")).isEqualTo(2L);
    }

    @Test
    void countsPacketsBytesAndSequenceGapsUntilDelete() throws Exception {
        int total = node.stats().freePortPairs();
        int[] ports = setUp("call-count", caller.sdp(), callee.sdp());
        assertThat(node.stats().freePortPairs()).isEqualTo(total - 2);
        int[] seqs = {65533, 65534, 65535, 2, 3, 6};
        for (int s : seqs) {
            caller.send(caller.rtp, Phone.rtp(s, 0xabc, 100, random), relay(ports[0]));
            assertThat(Phone.receive(callee.rtp, 2000)).isNotNull();
        }
        callee.send(callee.rtp, Phone.rtp(1, 0xdef, 50, random), relay(ports[1]));
        assertThat(Phone.receive(caller.rtp, 2000)).isNotNull();
        callee.send(callee.rtcp, Phone.rtcp(0xdef), relay(ports[1] + 1));
        assertThat(Phone.receive(caller.rtcp, 2000)).isNotNull();

        Map<String, Object> q = ng.request(Map.of("command", "query", "call-id", "call-count"));
        Object callerRtp = at(q, "tags", "caller-tag", "medias", 0, "streams", 0);
        assertThat(at(callerRtp, "stats", "packets")).isEqualTo(6L);
        assertThat(at(callerRtp, "stats", "bytes")).isEqualTo(6L * 112);
        assertThat(at(callerRtp, "sequence gaps")).as("0 and 1, then 4 and 5").isEqualTo(4L);
        assertThat(at(callerRtp, "local port")).isEqualTo((long) ports[0]);
        assertThat(at(q, "tags", "callee-tag", "medias", 0, "streams", 0, "stats", "packets")).isEqualTo(1L);
        assertThat(at(q, "tags", "callee-tag", "in dialogue with")).isEqualTo("caller-tag");
        assertThat(at(q, "totals", "RTP", "packets")).isEqualTo(7L);
        assertThat(at(q, "totals", "RTCP", "packets")).isEqualTo(1L);
        assertThat(at(q, "totals", "RTCP", "bytes")).isEqualTo(8L);
        long lastMs = (Long) at(q, "last packet ms");
        assertThat(lastMs).isBetween(System.currentTimeMillis() - 10_000, System.currentTimeMillis());
        assertThat((Long) at(callerRtp, "last packet")).isEqualTo(lastMs / 1000);

        Map<String, Object> d = ng.request(Map.of("command", "delete", "call-id", "call-count", "from-tag", "callee-tag"));
        assertThat(d).containsEntry("result", "ok").doesNotContainKey("warning");
        assertThat(at(d, "totals", "RTP", "packets")).isEqualTo(7L);
        assertThat(at(d, "tags", "caller-tag", "medias", 0, "streams", 0, "sequence gaps")).isEqualTo(4L);
        assertThat(node.stats().freePortPairs()).isEqualTo(total);
        assertThat(node.stats().activeCalls()).isZero();
        assertThat(ng.request(Map.of("command", "query", "call-id", "call-count")))
                .containsEntry("result", "error").containsEntry("error-reason", "Unknown call-id");
    }

    @Test
    void reInviteKeepsPortsAndRearmsLatching() throws Exception {
        int[] ports = setUp("call-reinvite", caller.sdp(), callee.sdp());
        caller.send(caller.rtp, Phone.rtp(1, 1, 20, random), relay(ports[0]));
        assertThat(Phone.receive(callee.rtp, 2000)).isNotNull();
        try (Phone moved = new Phone("127.0.0.1")) {
            // the caller moved (new Wi-Fi): a re-INVITE announces the new address
            String again = (String) offer("call-reinvite", moved.sdp(), "to-tag", "callee-tag").get("sdp");
            assertThat(Phone.port(again, 0)).as("the callee keeps talking to the same relay port").isEqualTo(ports[1]);
            String back = (String) answer("call-reinvite", callee.sdp()).get("sdp");
            assertThat(Phone.port(back, 0)).isEqualTo(ports[0]);
            byte[] fromMoved = Phone.rtp(2, 1, 20, random);
            moved.send(moved.rtp, fromMoved, relay(ports[0]));
            assertThat(Phone.receive(callee.rtp, 2000).data()).isEqualTo(fromMoved);
            byte[] toMoved = Phone.rtp(3, 2, 20, random);
            callee.send(callee.rtp, toMoved, relay(ports[1]));
            assertThat(Phone.receive(moved.rtp, 2000).data()).isEqualTo(toMoved);
        }
    }
}
