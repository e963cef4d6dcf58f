package org.palisade.relay.ng;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ReplyCacheTest {

    private static final InetSocketAddress PROXY_A = new InetSocketAddress("127.0.0.1", 5060);
    private static final InetSocketAddress PROXY_B = new InetSocketAddress("127.0.0.1", 5070);

    @Test
    void answersTheSameSenderAndCookieUntilItExpires() {
        ReplyCache c = new ReplyCache(30_000, 100, 1 << 20);
        c.put(PROXY_A, "1_1", new byte[] {1}, 1000);
        assertThat(c.get(PROXY_A, "1_1", 30_999)).containsExactly(1);
        assertThat(c.get(PROXY_B, "1_1", 2000)).as("another proxy's cookie is another request").isNull();
        assertThat(c.get(PROXY_A, "1_2", 2000)).isNull();
        assertThat(c.get(PROXY_A, "1_1", 31_000)).isNull();
        assertThat(c.size()).isZero();
        assertThat(c.bytes()).isZero();
    }

    @Test
    void staysWithinItsCountAndBytes() {
        ReplyCache c = new ReplyCache(30_000, 3, 1000);
        for (int i = 0; i < 10; i++) {
            c.put(PROXY_A, "c" + i, new byte[10], 0);
        }
        assertThat(c.size()).isEqualTo(3);
        assertThat(c.get(PROXY_A, "c9", 0)).isNotNull();
        assertThat(c.get(PROXY_A, "c6", 0)).isNull();
        c.put(PROXY_A, "big", new byte[995], 0);
        assertThat(c.bytes()).isLessThanOrEqualTo(1000);
        assertThat(c.get(PROXY_A, "big", 0)).hasSize(995);
    }
}
