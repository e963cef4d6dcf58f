package org.palisade.relay.client;

import org.palisade.relay.testing.Rtpengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.palisade.relay.ng.NgMessage;

/**
 * The client's own rules (cookies, retransmission, timeouts, who may answer), against a
 * scripted UDP peer that plays a relay, and its concurrency against a real rtpengine.
 */
class NgClientTest {

    private static final Duration RETRANSMIT = Duration.ofMillis(100);

    private final NgClient client = new NgClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), RETRANSMIT, 3);

    @AfterEach
    void close() {
        client.close();
    }

    /** A relay that records what reaches it and answers only as the test says. */
    private static final class ScriptedPeer implements AutoCloseable {
        final DatagramSocket socket;

        ScriptedPeer() throws SocketException {
            socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            socket.setSoTimeout(2000);
        }

        InetSocketAddress address() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        DatagramPacket next() throws Exception {
            DatagramPacket p = new DatagramPacket(new byte[65535], 65535);
            socket.receive(p);
            return p;
        }

        NgMessage parse(DatagramPacket p) {
            return NgMessage.parse(p.getData(), p.getLength());
        }

        void reply(DatagramSocket from, DatagramPacket to, NgMessage message) throws Exception {
            byte[] b = message.toBytes();
            from.send(new DatagramPacket(b, b.length, to.getSocketAddress()));
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    @Test
    void retransmitsWithTheSameCookieThenTimesOut() throws Exception {
        try (ScriptedPeer silent = new ScriptedPeer()) {
            long start = System.nanoTime();
            CompletableFuture<Map<String, Object>> reply = client.send(silent.address(), Map.of("command", "ping"));
            List<String> cookies = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                NgMessage m = silent.parse(silent.next());
                assertThat(m.command()).isEqualTo("ping");
                cookies.add(m.cookie());
            }
            assertThat(cookies).containsOnly(cookies.get(0));
            assertThat(cookies.get(0)).matches("[0-9a-f]{32}");
            assertThatThrownBy(reply::join).hasCauseInstanceOf(NgTimeoutException.class)
                    .hasMessageContaining("no reply after 3 sends").hasMessageContaining(silent.address().toString());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(RETRANSMIT.multipliedBy(3));
            silent.socket.setSoTimeout(300);
            assertThatThrownBy(silent::next).as("no fourth send").isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void aReplyToTheRetransmissionCompletesTheRequest() throws Exception {
        try (ScriptedPeer lossy = new ScriptedPeer()) {
            CompletableFuture<Map<String, Object>> reply = client.send(lossy.address(), Map.of("command", "ping"));
            lossy.next(); // the first send is "lost"
            DatagramPacket second = lossy.next();
            lossy.reply(lossy.socket, second, new NgMessage(lossy.parse(second).cookie(), Map.of("result", "pong")));
            assertThat(reply.get()).containsEntry("result", "pong");
        }
    }

    @Test
    void everyRequestHasItsOwnCookie() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer()) {
            client.send(peer.address(), Map.of("command", "ping"));
            client.send(peer.address(), Map.of("command", "ping"));
            String first = peer.parse(peer.next()).cookie();
            String second = peer.parse(peer.next()).cookie();
            assertThat(first).isNotEqualTo(second);
        }
    }

    @Test
    void repliesFromAnotherAddressOrWithAnotherCookieAreIgnored() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(); DatagramSocket stranger = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Map<String, Object>> reply = client.send(peer.address(), Map.of("command", "ping"));
            DatagramPacket request = peer.next();
            String cookie = peer.parse(request).cookie();
            peer.reply(stranger, request, new NgMessage(cookie, Map.of("result", "pong")));
            peer.reply(peer.socket, request, new NgMessage(cookie.substring(1) + "0", Map.of("result", "pong")));
            byte[] garbage = (cookie + " garbage without a dictionary").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            peer.socket.send(new DatagramPacket(garbage, garbage.length, request.getSocketAddress()));
            assertThatThrownBy(reply::join).as("nobody but the relay, with the request's cookie, can answer it")
                    .hasCauseInstanceOf(NgTimeoutException.class);
        }
    }

    @Test
    void anErrorReplyCarriesTheRelaysReason() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer()) {
            CompletableFuture<Map<String, Object>> reply = client.send(peer.address(), Map.of("command", "offer", "call-id", "x"));
            DatagramPacket request = peer.next();
            peer.reply(peer.socket, request, new NgMessage(peer.parse(request).cookie(),
                    Map.of("result", "error", "error-reason", "Ran out of ports")));
            assertThatThrownBy(reply::join).cause().isInstanceOfSatisfying(NgErrorReply.class, e -> {
                assertThat(e.reason()).isEqualTo("Ran out of ports");
                assertThat(e.getMessage()).contains("ng offer to").contains("Ran out of ports");
            });
        }
    }

    @Test
    void closingFailsWhatIsInFlightAndRefusesMore() throws Exception {
        try (ScriptedPeer silent = new ScriptedPeer()) {
            NgClient slow = new NgClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Duration.ofSeconds(10), 3);
            CompletableFuture<Map<String, Object>> pending = slow.send(silent.address(), Map.of("command", "ping"));
            silent.next();
            slow.close();
            assertThatThrownBy(pending::join).hasCauseInstanceOf(NgException.class).hasMessageContaining("closed");
            assertThatThrownBy(() -> slow.request(silent.address(), Map.of("command", "ping"))).isInstanceOf(NgException.class)
                    .hasMessageContaining("closed");
        }
    }

    @Test
    void manyThreadsShareOneClientAgainstRealRtpengine() throws Exception {
        try (Rtpengine rtpengine = Rtpengine.start()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Object>> results = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    int n = i;
                    String callId = "unknown-" + i;
                    results.add(pool.submit(() -> n % 2 == 0 ? client.request(rtpengine.ngAddress(), Map.of("command", "ping")).get("result")
                            : catchReason(() -> client.request(rtpengine.ngAddress(), Map.of("command", "query", "call-id", callId)))));
                }
                for (int i = 0; i < results.size(); i++) {
                    assertThat(results.get(i).get()).as("request " + i).isEqualTo(i % 2 == 0 ? "pong" : "Unknown call-id");
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static Object catchReason(Runnable r) {
        try {
            r.run();
            return "no error";
        } catch (NgErrorReply e) {
            return e.reason();
        }
    }
}
