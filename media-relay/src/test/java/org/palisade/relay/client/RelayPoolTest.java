package org.palisade.relay.client;

import org.palisade.relay.testing.RtpPhone;
import org.palisade.relay.testing.Rtpengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.palisade.core.media.MediaLegs;
import org.palisade.core.media.MediaStats;
import org.palisade.core.media.RelayUnavailableException;
import org.palisade.core.relay.RelayNode;

/** Choosing, failing over and recovering across real rtpengine processes and addresses where nothing answers. */
class RelayPoolTest {

    /** Requests give up after 3 × 100 ms, so a dead node costs a test 0.3 s, not 1.5 s. */
    private final NgClient client = new NgClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Duration.ofMillis(100), 3);
    private RelayPool pool;

    @AfterEach
    void tearDown() {
        if (pool != null) {
            pool.stop();
        }
        client.close();
    }

    private RelayPool start(Supplier<List<RelayNode>> nodes, Duration ping, Duration refresh) {
        // a fixed seed: the same choices on every run
        pool = new RelayPool(nodes, client, new PoolSettings(ping, refresh), new Random(42));
        pool.start();
        return pool;
    }

    private static byte[] sdp(int port) {
        return ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " + port
                + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n").getBytes();
    }

    /** Offers a call and returns the relay port it was given; the caller deletes it. */
    private int offer(String callId) {
        return RtpPhone.audioPort(pool.offer(new MediaLegs(callId, "from-" + callId, null), sdp(4000)));
    }

    private RelayNodeStatus status(String name) {
        return pool.status().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not within 5 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    /** A UDP port that takes requests and never answers: a relay that hangs, or a host that drops them. */
    private static DatagramSocket deadRelay() throws Exception {
        return new DatagramSocket(0, InetAddress.getLoopbackAddress());
    }

    private static RelayNode node(String name, DatagramSocket dead, int weight) {
        return new RelayNode(name, "127.0.0.1", dead.getLocalPort(), weight);
    }

    @Test
    void newCallsAreSpreadByWeight() {
        try (Rtpengine light = Rtpengine.start(); Rtpengine heavy = Rtpengine.start()) {
            start(() -> List.of(light.node("light", 1), heavy.node("heavy", 4)), Duration.ofSeconds(2), Duration.ofSeconds(5));
            int onLight = 0;
            for (int i = 0; i < 100; i++) {
                int port = offer("w" + i);
                assertThat(light.owns(port) || heavy.owns(port)).isTrue();
                onLight += light.owns(port) ? 1 : 0;
                assertThat(pool.delete("w" + i)).isPresent();
            }
            // 20 expected; a pool that ignored weights would put about 50 there
            assertThat(onLight).isBetween(8, 35);
        }
    }

    @Test
    void aDeadNodeIsNeverChosenAndOffersDoNotWaitForIt() throws Exception {
        try (Rtpengine live = Rtpengine.start(); DatagramSocket dead = deadRelay()) {
            start(() -> List.of(live.node("live", 1), node("dead", dead, 1000)), Duration.ofSeconds(2), Duration.ofSeconds(5));
            assertThat(status("dead").up()).isFalse();
            assertThat(status("dead").lastError()).contains("ping");
            assertThat(status("live")).isEqualTo(new RelayNodeStatus("live", "127.0.0.1:" + live.ngAddress().getPort(), 1, true, null));
            long start = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                assertThat(live.owns(offer("d" + i))).isTrue();
                pool.delete("d" + i);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(300));
        }
    }

    @Test
    void aNodeThatStopsAnsweringIsFailedOverAndTakenBackWhenItAnswersAgain() throws Exception {
        try (Rtpengine backup = Rtpengine.start(); Rtpengine main = Rtpengine.start()) {
            start(() -> List.of(backup.node("backup", 1), main.node("main", 1000)), Duration.ofMillis(300), Duration.ofSeconds(5));
            assertThat(main.owns(offer("before"))).isTrue();

            main.stop();
            long start = System.nanoTime();
            int port = offer("during");
            assertThat(backup.owns(port)).as("failed over").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("after main's timeout").isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(status("main").up()).isFalse();
            assertThat(status("main").lastError()).contains("ng offer").contains("no reply");
            assertThat(pool.query("before")).as("its node is down: no waiting").isEmpty();
            assertThat(pool.delete("before")).isEmpty();

            main.launch();
            await("main answers pings again", () -> status("main").up());
            assertThat(main.owns(offer("after"))).isTrue();
            Optional<MediaStats> during = pool.delete("during");
            assertThat(during).as("backup still has the call it took").isPresent();
            assertThat(pool.delete("after")).isPresent();
        }
    }

    @Test
    void twoMissedPingsTakeANodeDown() throws Exception {
        try (Rtpengine node = Rtpengine.start()) {
            start(() -> List.of(node.node("only", 1)), Duration.ofMillis(200), Duration.ofSeconds(5));
            assertThat(status("only").up()).isTrue();
            node.stop();
            await("two pings missed", () -> !status("only").up());
            assertThat(status("only").lastError()).startsWith("ping:");
            assertThatThrownBy(() -> offer("x")).isInstanceOf(RelayUnavailableException.class)
                    .hasMessageContaining("no relay node is up").hasMessageContaining("only: ping:");
        }
    }

    @Test
    void withoutAHealthyNodeTheOfferFailsNamingWhatWasTried() throws Exception {
        try (DatagramSocket dead = deadRelay()) {
            start(() -> List.of(node("edge-1", dead, 1), new RelayNode("nowhere", "no-such-host.invalid", 2223, 1)),
                    Duration.ofSeconds(2), Duration.ofSeconds(5));
            assertThatThrownBy(() -> offer("c1")).isInstanceOf(RelayUnavailableException.class)
                    .hasMessageContaining("c1").hasMessageContaining("no relay node is up")
                    .hasMessageContaining("edge-1: ping: ").hasMessageContaining("no reply")
                    .hasMessageContaining("nowhere: cannot resolve no-such-host.invalid");
            assertThatThrownBy(() -> pool.answer(new MediaLegs("c1", "a", "b"), sdp(4000))).isInstanceOf(RelayUnavailableException.class);
            assertThat(pool.query("c1")).isEmpty();
        }
    }

    @Test
    void aNodeOutOfPortsStaysUpAndTheNextOneTakesTheCall() {
        try (Rtpengine tiny = Rtpengine.start(2); Rtpengine roomy = Rtpengine.start()) {
            start(() -> List.of(tiny.node("tiny", 1000), roomy.node("roomy", 1)), Duration.ofSeconds(2), Duration.ofSeconds(5));
            int onRoomy = 0;
            for (int i = 0; i < 4; i++) {
                onRoomy += roomy.owns(offer("p" + i)) ? 1 : 0;
            }
            assertThat(onRoomy).as("weight 1 against 1000, but tiny is full").isGreaterThanOrEqualTo(3);
            assertThat(status("tiny").lastError()).isEqualTo("Ran out of ports");
            assertThat(status("tiny").up()).as("it answered").isTrue();
            for (int i = 0; i < 4; i++) {
                assertThat(pool.delete("p" + i)).isPresent();
            }
        }
    }

    @Test
    void nodesAddedOrRemovedInTheDatabaseReachTheRunningPool() throws Exception {
        try (Rtpengine node = Rtpengine.start()) {
            AtomicReference<List<RelayNode>> rows = new AtomicReference<>(List.of());
            start(rows::get, Duration.ofSeconds(2), Duration.ofMillis(100));
            assertThatThrownBy(() -> offer("early")).isInstanceOf(RelayUnavailableException.class)
                    .hasMessageContaining("none is configured");

            rows.set(List.of(node.node("added", 5)));
            await("the new node is up", () -> pool.status().size() == 1 && status("added").up());
            assertThat(node.owns(offer("late"))).isTrue();

            rows.set(List.of());
            await("the node is gone", () -> pool.status().isEmpty());
            assertThatThrownBy(() -> offer("later")).isInstanceOf(RelayUnavailableException.class);
            assertThat(pool.delete("late")).as("a call on a removed node is still released there").isPresent();
        }
    }

    @Test
    void aDatabaseThatCannotBeReadLeavesTheKnownNodesInPlace() throws Exception {
        try (Rtpengine node = Rtpengine.start()) {
            AtomicReference<Supplier<List<RelayNode>>> source = new AtomicReference<>(() -> List.of(node.node("kept", 1)));
            start(() -> source.get().get(), Duration.ofSeconds(2), Duration.ofMillis(50));
            source.set(() -> {
                throw new IllegalStateException("database down");
            });
            Thread.sleep(200);
            assertThat(pool.status()).extracting(RelayNodeStatus::name).containsExactly("kept");
            assertThat(node.owns(offer("still"))).isTrue();
            pool.delete("still");
        }
    }
}
