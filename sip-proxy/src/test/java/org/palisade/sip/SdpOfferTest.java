package org.palisade.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.palisade.core.policy.MediaLine;

class SdpOfferTest {

    private static final String OFFER = "v=0\r\n"
            + "o=alice 2890844526 2890844526 IN IP4 192.0.2.10\r\n"
            + "s=-\r\n"
            + "c=IN IP4 192.0.2.10\r\n"
            + "t=0 0\r\n"
            + "m=audio 49170 RTP/AVP 0 8\r\n"
            + "a=rtpmap:0 PCMU/8000\r\n"
            + "m=video 51372 RTP/AVP 96\r\n"
            + "a=rtpmap:96 H264/90000\r\n"
            + "m=message 2855 TCP/MSRP *\r\n"
            + "a=file-selector:name:\"report.pdf\" type:application/pdf size:1234\r\n";

    @Test
    void readsEveryMediaLineWithItsAttributes() {
        SdpOffer offer = SdpOffer.parse(OFFER.getBytes(StandardCharsets.UTF_8));
        assertThat(offer.lines()).extracting(MediaLine::type).containsExactly("audio", "video", "message");
        assertThat(offer.lines()).extracting(MediaLine::port).containsExactly(49170, 51372, 2855);
        assertThat(offer.lines().get(2).protocol()).isEqualTo("TCP/MSRP");
        assertThat(offer.lines().get(2).attributes()).contains("file-selector");
    }

    @Test
    void decliningSetsPortZeroAndKeepsTheLineAndTheRest() {
        byte[] body = SdpOffer.parse(OFFER.getBytes(StandardCharsets.UTF_8)).decline(Set.of(1));
        String text = new String(body, StandardCharsets.UTF_8);
        assertThat(text).contains("m=audio 49170 RTP/AVP 0 8").contains("m=video 0 RTP/AVP 96").contains("a=rtpmap:0 PCMU/8000");
        assertThat(SdpOffer.parse(body).lines()).extracting(MediaLine::enabled).containsExactly(true, false, true);
    }

    @Test
    void garbageIsRefusedWithAReason() {
        assertThatThrownBy(() -> SdpOffer.parse("this is not sdp".getBytes(StandardCharsets.UTF_8)).lines())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Malformed SDP");
    }
}
