package org.palisade.core.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RelayNodeTest {

    @Test
    void parsesHostPortAndBracketedIpv6() {
        assertThat(RelayNode.parse("Edge_1", "relay1.example.com:2223", 5))
                .isEqualTo(new RelayNode("edge_1", "relay1.example.com", 2223, 5));
        RelayNode v6 = RelayNode.parse("v6", "[fd00::1]:22222", RelayNode.DEFAULT_WEIGHT);
        assertThat(v6.ngHost()).isEqualTo("fd00::1");
        assertThat(v6.ngPort()).isEqualTo(22222);
        assertThat(v6.ngAddress()).isEqualTo("[fd00::1]:22222");
        assertThat(RelayNode.parse("a", "10.0.0.1:1", 1000).ngAddress()).isEqualTo("10.0.0.1:1");
    }

    @Test
    void refusesBadInputNamingTheField() {
        String[][] cases = {
            {"ng:", "n", "10.0.0.1"},
            {"ng:", "n", "fd00::1:2223"},
            {"ng:", "n", "[fd00::1]2223"},
            {"ng:", "n", "10.0.0.1:0"},
            {"ng:", "n", "10.0.0.1:65536"},
            {"ng:", "n", "10.0.0.1:http"},
            {"ng:", "n", ":2223"},
            {"ng:", "n", "bad host:2223"},
            {"ng:", "n", ""},
            {"name:", "", "10.0.0.1:2223"},
            {"name:", "has space", "10.0.0.1:2223"},
            {"name:", "x".repeat(65), "10.0.0.1:2223"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> RelayNode.parse(c[1], c[2], 1)).as(c[1] + " " + c[2])
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(c[0]);
        }
        assertThatThrownBy(() -> new RelayNode("n", "h", 1, 0)).hasMessageStartingWith("weight:");
        assertThatThrownBy(() -> new RelayNode("n", "h", 1, 1001)).hasMessageStartingWith("weight:");
        assertThat(new RelayNode("x".repeat(64), "h", 65535, 1000).weight()).isEqualTo(1000);
    }
}
