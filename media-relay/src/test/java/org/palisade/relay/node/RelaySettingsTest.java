package org.palisade.relay.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.palisade.relay.engine.MediaInterface;

class RelaySettingsTest {

    @Test
    void parsesTheCliStrings() {
        RelaySettings s = RelaySettings.parse("127.0.0.1:2223", "30000-39999", null);
        assertThat(s.ngHost()).isEqualTo("127.0.0.1");
        assertThat(s.ngPort()).isEqualTo(2223);
        assertThat(s.portMin()).isEqualTo(30000);
        assertThat(s.portMax()).isEqualTo(39999);
        assertThat(s.mediaInterfaces()).extracting(MediaInterface::toString).containsExactly("127.0.0.1");
        assertThat(s.orphanTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(s.ioThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());

        RelaySettings v6 = RelaySettings.parse("[::1]:0", "40000-40099", "10.0.0.5!203.0.113.5, ::1");
        assertThat(v6.ngHost()).isEqualTo("::1");
        assertThat(v6.mediaInterfaces()).extracting(MediaInterface::toString).containsExactly("10.0.0.5!203.0.113.5", "::1");
    }

    @Test
    void everyMistakeNamesItsField() {
        assertThatThrownBy(() -> RelaySettings.parse("127.0.0.1", "30000-39999", null)).hasMessageStartingWith("ng: expected ADDRESS:PORT");
        assertThatThrownBy(() -> RelaySettings.parse("relay.example.com:2223", "30000-39999", null))
                .hasMessage("ng: 'relay.example.com' is not an IPv4 or IPv6 address");
        assertThatThrownBy(() -> RelaySettings.parse("127.0.0.1:99999", "30000-39999", null)).hasMessageStartingWith("ng: '99999'");
        assertThatThrownBy(() -> RelaySettings.parse("127.0.0.1:2223", "30000", null)).hasMessageStartingWith("ports: expected FROM-TO");
        assertThatThrownBy(() -> RelaySettings.parse("127.0.0.1:2223", "39999-30000", null)).hasMessageStartingWith("ports: ");
        assertThatThrownBy(() -> RelaySettings.parse("127.0.0.1:2223", "30001-30002", null)).hasMessageContaining("no even RTP port");
        assertThatThrownBy(() -> RelaySettings.parse("0.0.0.0:2223", "30000-39999", null)).hasMessageStartingWith("advertise: required");
        assertThatThrownBy(() -> RelaySettings.parse("127.0.0.1:2223", "30000-39999", "10.0.0.1,10.0.0.2"))
                .hasMessageStartingWith("advertise: at most one IPv4 and one IPv6");
        assertThatThrownBy(() -> RelaySettings.parse("127.0.0.1:2223", "30000-39999", "10.0.0.1!::1")).hasMessageContaining("mixes IPv4 and IPv6");
        assertThatThrownBy(() -> RelaySettings.parse("127.0.0.1:2223", "30000-39999", "0.0.0.0")).hasMessageStartingWith("advertise: ");
        RelaySettings ok = RelaySettings.parse("127.0.0.1:2223", "30000-39999", null);
        assertThatThrownBy(() -> ok.withIoThreads(0)).hasMessageStartingWith("io-threads: ");
        assertThatThrownBy(() -> ok.withOrphanTimeout(Duration.ZERO)).hasMessageStartingWith("orphan-timeout: ");
        assertThatThrownBy(() -> new RelaySettings("127.0.0.1", 2223, 30000, 39999, List.of(), 1, null))
                .hasMessageStartingWith("orphan-timeout: ");
    }

    @Test
    void aNodeReportsItsPortAndStats() throws Exception {
        RelayNode node = new RelayNode(RelaySettings.parse("127.0.0.1:0", "47440-47449", null).withIoThreads(1));
        node.start();
        try {
            assertThat(node.ngPort()).isPositive();
            assertThat(node.stats()).isEqualTo(new RelayStats(0, 0, 0, 5, 5));
        } finally {
            node.stop();
            node.stop();
        }
    }
}
