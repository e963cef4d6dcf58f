package org.palisade.core.trunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrunkRecordsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            pbx.example.com       | pbx.example.com | 
            pbx.example.com:5080  | pbx.example.com | 5080
            192.0.2.10            | 192.0.2.10      | 
            192.0.2.10:5060       | 192.0.2.10      | 5060
            [2001:db8::1]:5061    | 2001:db8::1     | 5061
            [2001:db8::1]         | 2001:db8::1     | 
            2001:db8::1           | 2001:db8::1     | 
            """)
    void peersParse(String text, String host, Integer port) {
        Peer p = Peer.parse(text);
        assertThat(p).isEqualTo(new Peer(host, port));
        assertThat(Peer.parse(p.toString())).isEqualTo(p);
    }

    @ParameterizedTest
    @CsvSource({"''", "pbx:0", "pbx:65536", "pbx:50a", "'pbx example'", "-pbx", "[2001:db8::1", "[::1]5060", "pbx;transport=tcp"})
    void badPeersNameTheField(String text) {
        assertThatThrownBy(() -> Peer.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("peer:");
    }

    private static Trunk trunk(boolean register, String username, String sealed) {
        return new Trunk("pbx1", "192.0.2.10", null, Transport.UDP, register, username, sealed, 0, 100, true);
    }

    @Test
    void credentialsComeTogetherAndARegisteringTrunkNeedsThem() {
        assertThat(trunk(false, null, null).hasCredentials()).isFalse();
        assertThat(trunk(true, "palisade", "v1:AAAA").hasCredentials()).isTrue();
        assertThat(trunk(false, "palisade", "v1:AAAA").register()).isFalse();
        assertThatThrownBy(() -> trunk(true, null, null)).hasMessageStartingWith("username: required for a registering trunk");
        assertThatThrownBy(() -> trunk(false, "palisade", null)).hasMessageStartingWith("password:");
        assertThatThrownBy(() -> trunk(false, null, "v1:AAAA")).hasMessageStartingWith("username:");
        assertThatThrownBy(() -> trunk(true, "pali sade", "v1:AAAA")).hasMessageStartingWith("username:");
    }

    @Test
    void fieldsAreChecked() {
        assertThatThrownBy(() -> new Trunk("bad name", "pbx", null, Transport.UDP, false, null, null, 0, 100, true))
                .hasMessageStartingWith("name:");
        assertThatThrownBy(() -> new Trunk("pbx1", "pbx", null, null, false, null, null, 0, 100, true)).hasMessageStartingWith("transport:");
        assertThatThrownBy(() -> new Trunk("pbx1", "pbx", null, Transport.UDP, false, null, null, -1, 100, true))
                .hasMessageStartingWith("maxCalls:");
        assertThatThrownBy(() -> new Trunk("pbx1", "pbx", null, Transport.UDP, false, null, null, 0, 1001, true))
                .hasMessageStartingWith("priority:");
        assertThatThrownBy(() -> Transport.parse("sctp")).hasMessageStartingWith("transport:");
        assertThat(Transport.parse(" TLS ")).isEqualTo(Transport.TLS);
    }

    @Test
    void toStringNeverShowsTheSealedPassword() {
        Trunk t = trunk(true, "palisade", "v1:c2VjcmV0LWNpcGhlcnRleHQ=");
        assertThat(t.toString()).doesNotContain("c2VjcmV0").contains("(sealed)");
        assertThat(new TrunkChange(null, null, null, null, "hunter22".toCharArray(), null, null, null).toString()).doesNotContain("hunter22");
        assertThat(new NewTrunk("a", "b", null, false, null, "hunter22".toCharArray(), null, null).toString()).doesNotContain("hunter22");
    }

    @Test
    void routesCheckTheirPatternByKind() {
        List<String> pbx = List.of("pbx");
        assertThat(new Route("r", 1, Route.Kind.PREFIX, "+49", 3, null, pbx).prepend()).isEmpty();
        assertThatThrownBy(() -> new Route("r", 1, Route.Kind.PREFIX, "49x", 0, "", pbx)).hasMessageStartingWith("prefix:");
        assertThatThrownBy(() -> new Route("r", 1, Route.Kind.PREFIX, "4+9", 0, "", pbx)).hasMessageStartingWith("prefix:");
        assertThatThrownBy(() -> new Route("r", 1, Route.Kind.REGEX, "(+49", 0, "", pbx)).hasMessageStartingWith("regex:");
        assertThatThrownBy(() -> new Route("r", 1, null, "+49", 0, "", pbx)).hasMessageStartingWith("pattern:");
        assertThatThrownBy(() -> new Route("r", 1, Route.Kind.PREFIX, "+49", 33, "", pbx)).hasMessageStartingWith("strip:");
        assertThatThrownBy(() -> new Route("r", 1, Route.Kind.PREFIX, "+49", 0, "0a", pbx)).hasMessageStartingWith("prepend:");
        assertThatThrownBy(() -> new Route("r", 0, Route.Kind.PREFIX, "+49", 0, "", pbx)).hasMessageStartingWith("position:");
        assertThatThrownBy(() -> new Route("r", 1, Route.Kind.PREFIX, "+49", 0, "", List.of())).hasMessageStartingWith("trunk:");
        assertThatThrownBy(() -> new Route("r", 1, Route.Kind.PREFIX, "+49", 0, "", List.of("a", "a"))).hasMessageStartingWith("trunk:");
    }

    @Test
    void didsAreE164AndPointAtAnExtensionNumber() {
        assertThat(new Did("+49301234567", "1001").extension()).isEqualTo("1001");
        assertThatThrownBy(() -> new Did("0301234567", "1001")).hasMessageStartingWith("number:");
        assertThatThrownBy(() -> new Did("+49301234567", "x")).hasMessageStartingWith("extension:");
    }
}
