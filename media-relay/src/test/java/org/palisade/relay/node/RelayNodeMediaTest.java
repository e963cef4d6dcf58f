package org.palisade.relay.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.palisade.relay.testing.NgTestClient.at;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.palisade.relay.testing.Phone;
import org.palisade.relay.testing.Phone.Packet;

/** RTCP, rtcp-mux, several and declined m-lines, IPv6: how the relay lays out ports and where packets go. */
@SuppressWarnings("unchecked")
class RelayNodeMediaTest extends RelayNodeFixture {

    @Test
    void rtcpTravelsOnThePortAboveBetweenTheRtcpSockets() throws Exception {
        int[] ports = setUp("call-rtcp", caller.sdp(), callee.sdp());
        byte[] report = Phone.rtcp(0x1234);
        caller.send(caller.rtcp, report, relay(ports[0] + 1));
        Packet got = Phone.receive(callee.rtcp, 2000);
        assertThat(got).isNotNull();
        assertThat(got.data()).isEqualTo(report);
        assertThat(got.source()).isEqualTo(relay(ports[1] + 1));
        assertThat(Phone.receive(callee.rtp, 100)).isNull();
    }

    @Test
    void rtcpMuxWhenBothSidesMultiplex() throws Exception {
        String toCallee = (String) offer("call-mux", caller.sdp("a=rtcp-mux")).get("sdp");
        assertThat(toCallee).contains("a=rtcp-mux\r\n");
        String toCaller = (String) answer("call-mux", callee.sdp("a=rtcp-mux")).get("sdp");
        assertThat(toCaller).contains("a=rtcp-mux\r\n");
        int a = Phone.port(toCaller, 0);
        int b = Phone.port(toCallee, 0);
        assertThat(toCaller).contains("a=rtcp:" + a + "\r\n");
        byte[] report = Phone.rtcp(0x77);
        caller.send(caller.rtp, report, relay(a));
        Packet got = Phone.receive(callee.rtp, 2000);
        assertThat(got.data()).isEqualTo(report);
        assertThat(got.source()).isEqualTo(relay(b));
        Map<String, Object> q = ng.request(Map.of("command", "query", "call-id", "call-mux"));
        assertThat(at(q, "totals", "RTCP", "packets")).isEqualTo(1L);
        assertThat(at(q, "totals", "RTP", "packets")).isEqualTo(0L);
        assertThat((List<Object>) (List<?>) at(q, "tags", "caller-tag", "medias", 0, "flags")).contains("rtcp-mux");
    }

    @Test
    void rtcpMuxDemuxedTowardsACalleeWithoutIt() throws Exception {
        String toCallee = (String) offer("call-demux", caller.sdp("a=rtcp-mux"), "rtcp-mux", List.of("demux")).get("sdp");
        assertThat(toCallee).doesNotContain("rtcp-mux");
        String toCaller = (String) answer("call-demux", callee.sdp()).get("sdp");
        assertThat(toCaller).contains("a=rtcp-mux\r\n");
        int a = Phone.port(toCaller, 0);
        int b = Phone.port(toCallee, 0);
        byte[] report = Phone.rtcp(0x78);
        caller.send(caller.rtp, report, relay(a));
        Packet got = Phone.receive(callee.rtcp, 2000);
        assertThat(got).as("RTCP from the multiplexed port goes to the callee's RTCP port").isNotNull();
        assertThat(got.data()).isEqualTo(report);
        assertThat(got.source()).isEqualTo(relay(b + 1));
        byte[] media = Phone.rtp(5, 0x78, 40, random);
        caller.send(caller.rtp, media, relay(a));
        assertThat(Phone.receive(callee.rtp, 2000).data()).isEqualTo(media);
        byte[] calleeReport = Phone.rtcp(0x79);
        callee.send(callee.rtcp, calleeReport, relay(b + 1));
        Packet back = Phone.receive(caller.rtp, 2000);
        assertThat(back).as("and the callee's RTCP goes to the caller's multiplexed port").isNotNull();
        assertThat(back.data()).isEqualTo(calleeReport);
    }

    @Test
    void twoMediaLinesGetTwoPortPairs() throws Exception {
        try (Phone callerVideo = new Phone("127.0.0.1"); Phone calleeVideo = new Phone("127.0.0.1")) {
            String video = "m=video %d RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=rtcp:%d\r\n";
            String toCallee = (String) offer("call-av", caller.sdp() + String.format(video, callerVideo.rtp.getLocalPort(),
                    callerVideo.rtcp.getLocalPort())).get("sdp");
            String toCaller = (String) answer("call-av", callee.sdp() + String.format(video, calleeVideo.rtp.getLocalPort(),
                    calleeVideo.rtcp.getLocalPort())).get("sdp");
            assertThat(toCallee).contains("a=rtpmap:96 H264/90000");
            int audio = Phone.port(toCaller, 0);
            int videoPort = Phone.port(toCaller, 1);
            assertThat(videoPort).isNotEqualTo(audio);
            byte[] frame = Phone.rtp(1, 0x5, 900, random);
            caller.send(callerVideo.rtp, frame, relay(videoPort));
            Packet got = Phone.receive(calleeVideo.rtp, 2000);
            assertThat(got.data()).isEqualTo(frame);
            assertThat(got.source().getPort()).isEqualTo(Phone.port(toCallee, 1));
            assertThat(Phone.receive(callee.rtp, 100)).isNull();
            Map<String, Object> q = ng.request(Map.of("command", "query", "call-id", "call-av"));
            assertThat(at(q, "tags", "caller-tag", "medias", 1, "type")).isEqualTo("video");
            assertThat(at(q, "tags", "caller-tag", "medias", 1, "index")).isEqualTo(2L);
        }
    }

    @Test
    void declinedVideoGetsNoPorts() throws Exception {
        int free = node.stats().freePortPairs();
        String toCallee = (String) offer("call-declined", caller.sdp() + "m=video 0 RTP/AVP 96\r\n").get("sdp");
        assertThat(toCallee).contains("m=video 0 RTP/AVP 96\r\n");
        assertThat(node.stats().freePortPairs()).isEqualTo(free - 2);
        Map<String, Object> q = ng.request(Map.of("command", "query", "call-id", "call-declined"));
        assertThat((List<Object>) (List<?>) at(q, "tags", "caller-tag", "medias")).hasSize(1);
    }

    @Test
    void ipv6OnLoopbackAndBetweenFamilies() throws Exception {
        try (Phone caller6 = new Phone("::1"); Phone callee6 = new Phone("::1")) {
            String toCallee = (String) offer("call-v6", caller6.sdp()).get("sdp");
            assertThat(toCallee).contains("c=IN IP6 ::1\r\n").contains("o=phone 1 1 IN IP6 ::1\r\n");
            String toCaller = (String) answer("call-v6", callee6.sdp()).get("sdp");
            int a = Phone.port(toCaller, 0);
            int b = Phone.port(toCallee, 0);
            InetSocketAddress relayA = new InetSocketAddress("::1", a);
            byte[] data = Phone.rtp(1, 6, 60, random);
            caller6.send(caller6.rtp, data, relayA);
            Packet got = Phone.receive(callee6.rtp, 2000);
            assertThat(got.data()).isEqualTo(data);
            assertThat(got.source()).isEqualTo(new InetSocketAddress("::1", b));
            Map<String, Object> q = ng.request(Map.of("command", "query", "call-id", "call-v6"));
            assertThat(at(q, "tags", "caller-tag", "medias", 0, "streams", 0, "endpoint", "family")).isEqualTo("IPv6");
            assertThat(at(q, "tags", "caller-tag", "medias", 0, "streams", 0, "endpoint", "address")).isEqualTo("::1");

            // an IPv4 caller offered to an IPv6 callee: "address family" picks the callee's side
            String bridged = (String) offer("call-4to6", caller.sdp(), "address family", "IP6").get("sdp");
            assertThat(bridged).contains("c=IN IP6 ::1\r\n");
            String back = (String) answer("call-4to6", callee6.sdp()).get("sdp");
            assertThat(back).contains("c=IN IP4 127.0.0.1\r\n");
            byte[] cross = Phone.rtp(2, 7, 60, random);
            caller.send(caller.rtp, cross, relay(Phone.port(back, 0)));
            Packet crossed = Phone.receive(callee6.rtp, 2000);
            assertThat(crossed.data()).isEqualTo(cross);
            assertThat(crossed.source()).isEqualTo(new InetSocketAddress("::1", Phone.port(bridged, 0)));
        }
    }
}
