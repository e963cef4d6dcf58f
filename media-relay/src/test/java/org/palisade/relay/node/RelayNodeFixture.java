package org.palisade.relay.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.palisade.relay.testing.NgTestClient;
import org.palisade.relay.testing.Phone;

/** A relay node on loopback, driven over ng, with two phones sending real RTP through it. */
abstract class RelayNodeFixture {

    static final int FIRST_PORT = 47000;
    static final int LAST_PORT = 47199;

    final Random random = new Random(42);
    RelayNode node;
    NgTestClient ng;
    Phone caller;
    Phone callee;

    @BeforeEach
    void start() throws Exception {
        node = new RelayNode(new RelaySettings("127.0.0.1", 0, FIRST_PORT, LAST_PORT, List.of("127.0.0.1", "::1"), 2,
                Duration.ofHours(1)));
        node.start();
        ng = new NgTestClient(node.ngAddress());
        caller = new Phone("127.0.0.1");
        callee = new Phone("127.0.0.1");
    }

    @AfterEach
    void stop() {
        caller.close();
        callee.close();
        ng.close();
        node.stop();
    }

    Map<String, Object> offer(String callId, String sdp, Object... extra) throws Exception {
        Map<String, Object> req = new HashMap<>(Map.of("command", "offer", "call-id", callId, "from-tag", "caller-tag", "sdp", sdp,
                "replace", List.of("origin", "session-connection")));
        for (int i = 0; i < extra.length; i += 2) {
            req.put((String) extra[i], extra[i + 1]);
        }
        Map<String, Object> reply = ng.request(req);
        assertThat(reply).containsEntry("result", "ok");
        return reply;
    }

    Map<String, Object> answer(String callId, String sdp) throws Exception {
        Map<String, Object> reply = ng.request(Map.of("command", "answer", "call-id", callId, "from-tag", "caller-tag",
                "to-tag", "callee-tag", "sdp", sdp));
        assertThat(reply).containsEntry("result", "ok");
        return reply;
    }

    /** Offer and answer; returns the relay's RTP ports {for the caller, for the callee}. */
    int[] setUp(String callId, String callerSdp, String calleeSdp) throws Exception {
        String toCallee = (String) offer(callId, callerSdp).get("sdp");
        String toCaller = (String) answer(callId, calleeSdp).get("sdp");
        return new int[] {Phone.port(toCaller, 0), Phone.port(toCallee, 0)};
    }

    static InetSocketAddress relay(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }
}
