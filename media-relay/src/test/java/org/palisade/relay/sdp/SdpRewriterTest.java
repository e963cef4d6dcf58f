package org.palisade.relay.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.palisade.relay.sdp.SdpRewriter.MediaPlan;
import org.palisade.relay.sdp.SdpRewriter.Options;
import org.palisade.relay.sdp.SdpRewriter.RtcpAttribute;

class SdpRewriterTest {

    private static final InetAddress RELAY4 = address("203.0.113.7");
    private static final InetAddress RELAY6 = address("2001:db8::7");

    private static InetAddress address(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String crlf(String... lines) {
        return String.join("\r\n", lines) + "\r\n";
    }

    private static final String PHONE = crlf(
            "v=0",
            "o=alice 2890844526 2890844527 IN IP4 192.168.1.20",
            "s=-",
            "c=IN IP4 192.168.1.20",
            "t=0 0",
            "a=ice-ufrag:F7gI",
            "m=audio 49170 RTP/SAVP 0 101",
            "a=rtpmap:0 PCMU/8000",
            "a=rtpmap:101 telephone-event/8000",
            "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32",
            "a=rtcp:49171",
            "a=ice-pwd:x9cml/YzichV2+XlhiMu8g",
            "a=candidate:1 1 UDP 2130706431 192.168.1.20 49170 typ host",
            "a=candidate:2 1 UDP 1694498815 198.51.100.4 61000 typ srflx raddr 192.168.1.20 rport 49170",
            "a=end-of-candidates",
            "a=sendrecv");

    @Test
    void rewritesAddressesAndPortsAndLeavesEverythingElseByteForByte() {
        SessionDescription sdp = SessionDescription.parse(PHONE);
        String out = SdpRewriter.rewrite(sdp, RELAY4, List.of(new MediaPlan(30000, 30001, false)),
                new Options(true, true, false, RtcpAttribute.REWRITE));
        assertThat(out).isEqualTo(crlf(
                "v=0",
                "o=alice 2890844526 2890844527 IN IP4 203.0.113.7",
                "s=-",
                "c=IN IP4 203.0.113.7",
                "t=0 0",
                "m=audio 30000 RTP/SAVP 0 101",
                "a=rtpmap:0 PCMU/8000",
                "a=rtpmap:101 telephone-event/8000",
                "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32",
                "a=rtcp:30001",
                "a=sendrecv"));
    }

    @Test
    void keepsOriginAndIceWhenNotAsked() {
        String out = SdpRewriter.rewrite(SessionDescription.parse(PHONE), RELAY4, List.of(new MediaPlan(30000, 30001, false)),
                new Options(false, false, false, RtcpAttribute.REWRITE));
        assertThat(out).contains("o=alice 2890844526 2890844527 IN IP4 192.168.1.20\r\n")
                .contains("a=candidate:1 1 UDP 2130706431 192.168.1.20 49170 typ host\r\n")
                .contains("a=ice-ufrag:F7gI\r\n")
                .contains("c=IN IP4 203.0.113.7\r\n");
    }

    @Test
    void sessionConnectionStaysWhenEveryStreamHasItsOwnUnlessAsked() {
        String sdp = crlf("v=0", "o=- 1 1 IN IP4 10.0.0.1", "s=-", "c=IN IP4 10.0.0.1", "t=0 0",
                "m=audio 4000 RTP/AVP 8", "c=IN IP4 10.0.0.2", "a=rtpmap:8 PCMA/8000");
        List<MediaPlan> plan = List.of(new MediaPlan(30010, 30011, false));
        String kept = SdpRewriter.rewrite(SessionDescription.parse(sdp), RELAY4, plan, Options.DEFAULT);
        assertThat(kept).contains("\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\nm=audio 30010 RTP/AVP 8\r\nc=IN IP4 203.0.113.7\r\n");
        String replaced = SdpRewriter.rewrite(SessionDescription.parse(sdp), RELAY4, plan, new Options(true, false, true, RtcpAttribute.REWRITE));
        assertThat(replaced).doesNotContain("10.0.0.1\r\nt=").contains("s=-\r\nc=IN IP4 203.0.113.7\r\nt=0 0");
        assertThat(replaced).contains("o=- 1 1 IN IP4 10.0.0.1");
    }

    @Test
    void ipv6InAndOutAndBetweenFamilies() {
        String sdp = crlf("v=0", "o=- 1 1 IN IP6 2001:db8::20", "s=-", "c=IN IP6 2001:db8::20", "t=0 0", "m=audio 5004 RTP/AVP 0");
        SessionDescription parsed = SessionDescription.parse(sdp);
        assertThat(parsed.family()).isEqualTo(StandardProtocolFamily.INET6);
        assertThat(parsed.media().get(0).connection().inet()).isEqualTo(address("2001:db8::20"));
        List<MediaPlan> plan = List.of(new MediaPlan(30020, 30021, false));
        assertThat(SdpRewriter.rewrite(parsed, RELAY6, plan, new Options(true, true, false, RtcpAttribute.REWRITE)))
                .isEqualTo(crlf("v=0", "o=- 1 1 IN IP6 2001:db8::7", "s=-", "c=IN IP6 2001:db8::7", "t=0 0", "m=audio 30020 RTP/AVP 0"));
        assertThat(SdpRewriter.rewrite(parsed, RELAY4, plan, new Options(true, true, false, RtcpAttribute.REWRITE)))
                .contains("o=- 1 1 IN IP4 203.0.113.7\r\n").contains("c=IN IP4 203.0.113.7\r\n");
    }

    @Test
    void declinedStreamsKeepPortZeroAndTheirLines() {
        String sdp = crlf("v=0", "o=- 1 1 IN IP4 10.0.0.1", "s=-", "c=IN IP4 10.0.0.1", "t=0 0",
                "m=audio 4000 RTP/AVP 0", "m=video 0 RTP/AVP 96", "c=IN IP4 10.0.0.9", "a=rtpmap:96 H264/90000");
        SessionDescription parsed = SessionDescription.parse(sdp);
        assertThat(parsed.media().get(1).disabled()).isTrue();
        String out = SdpRewriter.rewrite(parsed, RELAY4, List.of(new MediaPlan(30000, 30001, false), new MediaPlan(0, 0, false)),
                Options.DEFAULT);
        assertThat(out).endsWith(crlf("m=audio 30000 RTP/AVP 0", "m=video 0 RTP/AVP 96", "c=IN IP4 10.0.0.9", "a=rtpmap:96 H264/90000"));
    }

    @Test
    void aStreamTheRelayDeclinesGetsPortZero() {
        String sdp = crlf("v=0", "o=- 1 1 IN IP4 10.0.0.1", "s=-", "c=IN IP4 10.0.0.1", "t=0 0", "m=video 4002 RTP/AVP 96");
        String out = SdpRewriter.rewrite(SessionDescription.parse(sdp), RELAY4, List.of(new MediaPlan(0, 0, false)), Options.DEFAULT);
        assertThat(out).contains("m=video 0 RTP/AVP 96\r\n").doesNotContain("10.0.0.1\r\nt=");
    }

    @Test
    void rtcpMuxIsAddedAndRemovedAsNegotiated() {
        String plain = crlf("v=0", "o=- 1 1 IN IP4 10.0.0.1", "s=-", "c=IN IP4 10.0.0.1", "t=0 0", "m=audio 4000 RTP/AVP 0", "a=sendrecv");
        String added = SdpRewriter.rewrite(SessionDescription.parse(plain), RELAY4, List.of(new MediaPlan(30000, 30000, true)), Options.DEFAULT);
        assertThat(added).endsWith("a=sendrecv\r\na=rtcp-mux\r\n");
        String muxed = crlf("v=0", "o=- 1 1 IN IP4 10.0.0.1", "s=-", "c=IN IP4 10.0.0.1", "t=0 0", "m=audio 4000 RTP/AVP 0",
                "a=rtcp:4000", "a=rtcp-mux");
        SessionDescription parsed = SessionDescription.parse(muxed);
        assertThat(parsed.media().get(0).rtcpMux()).isTrue();
        assertThat(SdpRewriter.rewrite(parsed, RELAY4, List.of(new MediaPlan(30000, 30001, false)), Options.DEFAULT))
                .endsWith("m=audio 30000 RTP/AVP 0\r\na=rtcp:30001\r\n");
        assertThat(SdpRewriter.rewrite(parsed, RELAY4, List.of(new MediaPlan(30000, 30000, true)), Options.DEFAULT))
                .endsWith("a=rtcp:30000\r\na=rtcp-mux\r\n");
    }

    @Test
    void rtcpAttributeFullRemovedOrWithItsAddress() {
        String sdp = crlf("v=0", "o=- 1 1 IN IP4 10.0.0.1", "s=-", "c=IN IP4 10.0.0.1", "t=0 0", "m=audio 4000 RTP/AVP 0",
                "a=rtcp:4001 IN IP4 10.0.0.1");
        SessionDescription parsed = SessionDescription.parse(sdp);
        assertThat(parsed.media().get(0).rtcpPort()).isEqualTo(4001);
        assertThat(parsed.media().get(0).rtcpConnection().address()).isEqualTo("10.0.0.1");
        List<MediaPlan> plan = List.of(new MediaPlan(30000, 30001, false));
        assertThat(SdpRewriter.rewrite(parsed, RELAY4, plan, Options.DEFAULT)).endsWith("a=rtcp:30001 IN IP4 203.0.113.7\r\n");
        assertThat(SdpRewriter.rewrite(parsed, RELAY4, plan, new Options(true, false, false, RtcpAttribute.REMOVE)))
                .endsWith("m=audio 30000 RTP/AVP 0\r\n");
        String bare = crlf("v=0", "o=- 1 1 IN IP4 10.0.0.1", "s=-", "c=IN IP4 10.0.0.1", "t=0 0", "m=audio 4000 RTP/AVP 0");
        assertThat(SdpRewriter.rewrite(SessionDescription.parse(bare), RELAY4, plan, new Options(true, false, false, RtcpAttribute.FULL)))
                .endsWith("m=audio 30000 RTP/AVP 0\r\na=rtcp:30001 IN IP4 203.0.113.7\r\n");
    }

    @Test
    void holdAddressPassesUnchanged() {
        String sdp = crlf("v=0", "o=- 1 2 IN IP4 10.0.0.1", "s=-", "c=IN IP4 0.0.0.0", "t=0 0", "m=audio 4000 RTP/AVP 0", "a=sendonly");
        SessionDescription parsed = SessionDescription.parse(sdp);
        assertThat(SessionDescription.usable(parsed.media().get(0).connection())).isNull();
        assertThat(SdpRewriter.rewrite(parsed, RELAY4, List.of(new MediaPlan(30000, 30001, false)), Options.DEFAULT))
                .contains("c=IN IP4 0.0.0.0\r\n").contains("m=audio 30000 ");
    }

    @Test
    void lineEndingsAsTheyCameAndAddedLinesLikeTheFirst() {
        String lf = "v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\nc=IN IP4 10.0.0.1\nt=0 0\nm=audio 4000 RTP/AVP 0";
        String out = SdpRewriter.rewrite(SessionDescription.parse(lf), RELAY4, List.of(new MediaPlan(30000, 30000, true)), Options.DEFAULT);
        assertThat(out).isEqualTo("v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\nc=IN IP4 203.0.113.7\nt=0 0\nm=audio 30000 RTP/AVP 0\na=rtcp-mux\n");
        assertThat(out).doesNotContain("\r");
    }

    @Test
    void hostNamesAreNeverResolved() {
        String sdp = crlf("v=0", "o=- 1 1 IN IP4 phone.invalid", "s=-", "c=IN IP4 phone.invalid", "t=0 0", "m=audio 4000 RTP/AVP 0");
        SessionDescription parsed = SessionDescription.parse(sdp);
        assertThat(parsed.media().get(0).connection().inet()).isNull();
        assertThat(SdpRewriter.rewrite(parsed, RELAY4, List.of(new MediaPlan(30000, 30001, false)), Options.DEFAULT))
                .contains("c=IN IP4 203.0.113.7\r\n");
    }

    @Test
    void badSdpNamesTheLine() {
        assertThatThrownBy(() -> SessionDescription.parse("")).isInstanceOf(SdpException.class).hasMessage("sdp: the body is empty");
        assertThatThrownBy(() -> SessionDescription.parse("hello\r\n")).hasMessage("sdp: line 1: expected v=0");
        assertThatThrownBy(() -> SessionDescription.parse(crlf("v=0", "o=- 1 1 IN IP4 10.0.0.1", "garbage")))
                .hasMessage("sdp: line 3: not a 'x=value' line: 'garbage'");
        assertThatThrownBy(() -> SessionDescription.parse(crlf("v=0", "o=- 1 1 IN IP4 10.0.0.1", "s=-", "c=IN IP4 10.0.0.1", "m=audio abc RTP/AVP 0")))
                .hasMessage("sdp: line 5: m= port 'abc' is not a number");
        assertThatThrownBy(() -> SessionDescription.parse(crlf("v=0", "o=- 1 1 IN IP4 10.0.0.1", "s=-", "c=IN IP4 10.0.0.1", "m=audio 70000 RTP/AVP 0")))
                .hasMessage("sdp: line 5: m= port 70000 is above 65535");
        assertThatThrownBy(() -> SessionDescription.parse(crlf("v=0", "o=- 1 1 IN IP4 10.0.0.1", "s=-", "c=IN IPX 10.0.0.1")))
                .hasMessageStartingWith("sdp: line 4: c= must be 'IN IP4 ADDRESS'");
        assertThatThrownBy(() -> SessionDescription.parse(crlf("v=0", "o=- 1 1 IN IP4 10.0.0.1", "s=-", "c=IN IP6 10.0.0.1")))
                .hasMessage("sdp: line 4: c= says IP6 but 10.0.0.1 is not");
        assertThatThrownBy(() -> SessionDescription.parse(crlf("v=0", "o=- 1 1 IN IP4 10.0.0.1", "s=-", "t=0 0", "m=audio 4000 RTP/AVP 0")))
                .hasMessage("sdp: line 5: m=audio has no c= line, neither its own nor a session one");
        assertThatThrownBy(() -> SessionDescription.parse(crlf("v=0", "o=- 1 1", "s=-")))
                .hasMessageStartingWith("sdp: line 2: o= needs 6 fields");
        assertThatThrownBy(() -> SessionDescription.parse(crlf("v=0", "o=- 1 1 IN IP4 10.0.0.1", "c=IN IP4 10.0.0.1", "m=audio 4000 RTP/AVP 0", "a=rtcp:x")))
                .hasMessage("sdp: line 5: a=rtcp port 'x' is not a number");
    }

    @Test
    void refusesAPlanThatDoesNotFit() {
        assertThatThrownBy(() -> SdpRewriter.rewrite(SessionDescription.parse(PHONE), RELAY4, List.of(), Options.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
