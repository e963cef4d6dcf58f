package org.palisade.relay.ng;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BencodeTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void encodesDictionariesWithSortedKeys() {
        Map<String, Object> offer = Map.of("command", "offer", "call-id", "abc", "flags", List.of("trust-address"), "ttl", 30);
        assertThat(new String(Bencode.encode(offer), StandardCharsets.UTF_8))
                .isEqualTo("d7:call-id3:abc7:command5:offer5:flagsl13:trust-addresse3:ttli30ee");
    }

    @Test
    void decodesWhatItEncodesIncludingUtf8Lengths() {
        Map<String, Object> m = Map.of("sdp", "v=0\r\ns=é\r\n", "n", -7L, "l", List.of("a", 1L, List.of()));
        assertThat(Bencode.decode(Bencode.encode(m))).isEqualTo(m);
        assertThat(new String(Bencode.encode("é"), StandardCharsets.UTF_8)).isEqualTo("2:é");
    }

    @Test
    void decodesAnRtpengineReply() {
        assertThat(Bencode.decode(b("d6:result4:ponge"))).isEqualTo(Map.of("result", "pong"));
    }

    @Test
    void refusesBrokenInputNamingTheOffset() {
        assertThatThrownBy(() -> Bencode.decode(b("d6:result4:pon"))).hasMessageContaining("offset");
        assertThatThrownBy(() -> Bencode.decode(b("d6:result4:ponge junk"))).hasMessageContaining("trailing bytes");
        assertThatThrownBy(() -> Bencode.decode(b("i12x"))).hasMessageStartingWith("bencode: bad number");
        assertThatThrownBy(() -> Bencode.decode(b("99999999999:x"))).hasMessageContaining("runs past the end");
        assertThatThrownBy(() -> Bencode.decode(b("di1e1:ae"))).hasMessageContaining("key is not a string");
        assertThatThrownBy(() -> Bencode.decode(b("l".repeat(100) + "e".repeat(100)))).hasMessageContaining("nested deeper");
    }

    @Test
    void ngMessagesCarryACookie() {
        NgMessage ping = new NgMessage("5323_1", Map.of("command", "ping"));
        byte[] wire = ping.toBytes();
        assertThat(new String(wire, StandardCharsets.US_ASCII)).isEqualTo("5323_1 d7:command4:pinge");
        NgMessage back = NgMessage.parse(wire, wire.length);
        assertThat(back.cookie()).isEqualTo("5323_1");
        assertThat(back.command()).isEqualTo("ping");
        assertThatThrownBy(() -> NgMessage.parse(b("d7:command4:pinge"), 17)).hasMessageContaining("cookie");
        assertThatThrownBy(() -> NgMessage.parse(b("c1 l4:pinge"), 11)).hasMessageContaining("not a dictionary");
    }
}
