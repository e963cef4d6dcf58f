package org.palisade.relay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PortPoolTest {

    @Test
    void evenRtpPortsWithTheirRtcpPortInsideTheRange() {
        PortPool p = new PortPool(30001, 30010);
        assertThat(p.firstPort()).isEqualTo(30002);
        assertThat(p.lastPort()).isEqualTo(30009);
        assertThat(p.total()).isEqualTo(4);
        assertThat(p.free()).isEqualTo(4);
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            got.add(p.allocate(port -> port));
        }
        assertThat(got).containsExactly(30002, 30004, 30006, 30008);
        assertThat(p.free()).isZero();
        assertThatThrownBy(() -> p.allocate(port -> port)).isInstanceOf(RelayException.class)
                .hasMessageStartingWith("Ran out of ports").hasMessageContaining("30002-30009");
    }

    @Test
    void releasedPairsGoToTheBack() {
        PortPool p = new PortPool(30000, 30005);
        int a = p.allocate(port -> port);
        p.release(a);
        List<Integer> next = List.of(p.allocate(port -> port), p.allocate(port -> port), p.allocate(port -> port));
        assertThat(next).containsExactly(30002, 30004, a);
    }

    @Test
    void refusesRangesWithoutAPairAndStrayReleases() {
        assertThatThrownBy(() -> new PortPool(30001, 30002)).hasMessageStartingWith("ports: ");
        assertThatThrownBy(() -> new PortPool(0, 10)).hasMessageStartingWith("ports: ");
        assertThatThrownBy(() -> new PortPool(10, 70000)).hasMessageStartingWith("ports: ");
        PortPool p = new PortPool(30000, 30003);
        assertThatThrownBy(() -> p.release(30000)).isInstanceOf(IllegalStateException.class);
        int a = p.allocate(port -> port);
        p.release(a);
        assertThatThrownBy(() -> p.release(a)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> p.release(30001)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void skipsPortsTheOsRefusesAndKeepsThemForLater() throws IOException {
        try (DatagramSocket squatter = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int taken = squatter.getLocalPort() & ~1;
            PortPool p = new PortPool(taken, taken + 3);
            List<DatagramSocket> bound = new ArrayList<>();
            try {
                int got = p.allocate(port -> {
                    DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                    try {
                        bound.add(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port + 1)));
                    } catch (IOException e) {
                        rtp.close();
                        throw e;
                    }
                    bound.add(rtp);
                    return port;
                });
                assertThat(got).isEqualTo(taken + 2);
                assertThat(p.free()).isEqualTo(1);
                assertThatThrownBy(() -> p.allocate(port -> {
                    throw new BindException("Address already in use");
                })).hasMessageContaining("Address already in use");
                assertThat(p.free()).isEqualTo(1);
            } finally {
                bound.forEach(DatagramSocket::close);
            }
        }
    }

    @Test
    void concurrentAllocationsNeverShareAPair() throws Exception {
        PortPool p = new PortPool(20000, 21999);
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                jobs.add(pool.submit(() -> {
                    for (int i = 0; i < 125; i++) {
                        int port = p.allocate(x -> x);
                        if (!seen.add(port)) {
                            throw new AssertionError("handed out twice: " + port);
                        }
                    }
                }));
            }
            for (Future<?> j : jobs) {
                j.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(seen).hasSize(1000);
        assertThat(p.free()).isZero();
    }
}
