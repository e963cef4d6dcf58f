package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palisade.core.admin.Administration;
import org.palisade.core.admin.ExtensionChange;
import org.palisade.core.rights.ServiceRight;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.relay.testing.RtpPhone;
import org.palisade.server.testing.TestPhone;
import org.palisade.server.testing.TestServer;
import org.palisade.server.testing.TestUserAgent;
import org.palisade.server.testing.TestUserAgent.Call;
import org.palisade.web.WebServer;
import org.palisade.web.testing.WebClient;

/**
 * What an operator's Prometheus sees of a node that records calls and anchors media on its
 * embedded relay: calls by disposition, messages, blocked attempts, relay nodes, streams and
 * packets, each counted from what really happened on the wire.
 */
class NodeMetricsTest {

    private static final String PW = "a long enough password";
    private static final String ALICE = "7201";
    private static final String BOB = "7202";
    private static final String CAROL = "7203";

    @Test
    void callsMessagesBlockedAttemptsAndRelayedPacketsAreCounted(@TempDir Path dir) throws Exception {
        int port = TestPhone.freeUdpPort();
        PalisadeConfig config = TestServer.serveConfig(dir, port);
        Clock clock = Clock.systemUTC();
        try (TestDatabase db = TestDatabase.create(TestDb.H2);
             TestUserAgent alice = new TestUserAgent(ALICE, PW, TestServer.DOMAIN, port);
             TestUserAgent bob = new TestUserAgent(BOB, PW, TestServer.DOMAIN, port);
             TestUserAgent carol = new TestUserAgent(CAROL, PW, TestServer.DOMAIN, port);
             RtpPhone aliceRtp = new RtpPhone(0x0A11CE);
             RtpPhone bobRtp = new RtpPhone(0x0B0B)) {
            Administration admin = new Administration(db.database(), TestServer.DOMAIN, clock);
            admin.addProfile("test", "chat-only", EnumSet.of(ServiceRight.CHAT));
            for (String n : List.of(ALICE, BOB, CAROL)) {
                admin.addExtension("test", n, "Ext " + n, null, null, PW.toCharArray());
            }
            admin.updateExtension("test", CAROL, new ExtensionChange(null, null, "chat-only", null, null));
            alice.sdp(new String(aliceRtp.sdp(""), StandardCharsets.US_ASCII));
            bob.sdp(new String(bobRtp.sdp(""), StandardCharsets.US_ASCII));

            PalisadeNode node = PalisadeNode.recordingCalls(db.database(), config.sip(), config.registrar(), config.proxy(),
                    config.cdrSpool(), TestServer.embeddedRelay("31400-31599").apply(db.database()), clock);
            try {
                node.start();
                WebServer web = AdminWeb.create(TestServer.webSettings(), node, clock);
                try {
                    web.start();
                    WebClient prometheus = new WebClient(web.baseUri());
                    assertThat(prometheus.get("/metrics").expect(200).body()).contains(
                            "palisade_calls_total{direction=\"internal\",disposition=\"answered\"} 0.0",
                            "palisade_messages_total 0.0", "palisade_relay_nodes{state=\"up\"} 1.0",
                            "palisade_relay_packets_total 0.0");
                    for (TestUserAgent phone : List.of(alice, bob, carol)) {
                        phone.register();
                    }

                    Call call = alice.call(BOB);
                    Response ok = call.awaitFinal();
                    assertThat(ok.getStatusCode()).isEqualTo(200);
                    call.ack();
                    int towardsAlice = RtpPhone.audioPort(ok.getRawContent());
                    aliceRtp.sendRtp(towardsAlice, 20, (byte) 'a');
                    assertThat(bobRtp.receive(20, 3000)).hasSize(20);
                    assertThat(prometheus.get("/metrics").body()).as("a call up holds its streams")
                            .containsPattern("palisade_relay_streams [1-9]")
                            .contains("palisade_relay_calls 1.0", "palisade_relay_packets_total 20.0", "palisade_calls_active 1.0");
                    assertThat(call.bye().getStatusCode()).isEqualTo(200);

                    assertThat(carol.call(BOB).awaitFinal().getStatusCode()).as("carol may not make calls").isEqualTo(403);
                    assertThat(alice.message(BOB, "lunch?").getStatusCode()).isEqualTo(200);
                    assertThat(bob.awaitRequest(Request.MESSAGE)).isNotNull();

                    // the answered call's record comes when its relay has given back the counters
                    String metrics = awaitMetric(prometheus, "palisade_calls_total{direction=\"internal\",disposition=\"answered\"} 1.0");
                    assertThat(metrics).contains(
                            "palisade_calls_total{direction=\"internal\",disposition=\"blocked-by-policy\"} 1.0",
                            "palisade_calls_total{direction=\"outbound\",disposition=\"answered\"} 0.0",
                            "palisade_media_packets_total 20.0",
                            "palisade_messages_total 1.0",
                            "palisade_blocked_attempts_total{type=\"POLICY_BLOCKED\"} 1.0",
                            "palisade_blocked_attempts_total{type=\"LOCKED_OUT\"} 0.0",
                            "palisade_relay_streams 0.0", "palisade_relay_calls 0.0", "palisade_calls_active 0.0");
                } finally {
                    web.close();
                }
            } finally {
                node.close();
            }
        }
    }

    /** The scrape once it contains {@code line}, or fails after 10 s with the last scrape. */
    private static String awaitMetric(WebClient prometheus, String line) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        String body = prometheus.get("/metrics").body();
        while (!body.contains(line) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            body = prometheus.get("/metrics").body();
        }
        assertThat(body).contains(line);
        return body;
    }
}
