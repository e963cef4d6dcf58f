package org.palisade.relay.ng;

import static org.assertj.core.api.Assertions.assertThat;
import static org.palisade.relay.testing.NgTestClient.at;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.palisade.relay.node.RelayNode;
import org.palisade.relay.node.RelaySettings;
import org.palisade.relay.testing.NgTestClient;
import org.palisade.relay.testing.Phone;

/** The ng control protocol itself: replies, errors, retransmissions and hostile input. */
@SuppressWarnings("unchecked")
class NgServerTest {

    private RelayNode node;
    private NgTestClient ng;
    private Phone phone;

    @BeforeEach
    void start() throws Exception {
        node = new RelayNode(new RelaySettings("127.0.0.1", 0, 47400, 47439, List.of(), 1, Duration.ofMillis(400)));
        node.start();
        ng = new NgTestClient(node.ngAddress());
        phone = new Phone("127.0.0.1");
    }

    @AfterEach
    void stop() {
        phone.close();
        ng.close();
        node.stop();
    }

    private Map<String, Object> offer(String callId) throws Exception {
        return ng.request(Map.of("command", "offer", "call-id", callId, "from-tag", "f", "sdp", phone.sdp()));
    }

    @Test
    void pingAndList() throws Exception {
        assertThat(ng.request(Map.of("command", "ping"))).isEqualTo(Map.of("result", "pong"));
        assertThat(offer("list-1")).containsEntry("result", "ok");
        assertThat(offer("list-2")).containsEntry("result", "ok");
        assertThat(ng.request(Map.of("command", "list"))).containsEntry("result", "ok");
        assertThat((List<Object>) (List<?>) ng.request(Map.of("command", "list")).get("calls")).containsExactlyInAnyOrder("list-1", "list-2");
        assertThat((List<Object>) (List<?>) ng.request(Map.of("command", "list", "limit", 1L)).get("calls")).hasSize(1);
        assertThat((List<Object>) (List<?>) ng.request(Map.of("command", "list", "limit", "0")).get("calls")).isEmpty();
        assertThat(ng.request(Map.of("command", "list", "limit", -1L)))
                .isEqualTo(Map.of("result", "error", "error-reason", "invalid limit, must be >= 0"));
    }

    @Test
    void unknownCallsInRtpenginesWords() throws Exception {
        assertThat(ng.request(Map.of("command", "query", "call-id", "nope")))
                .isEqualTo(Map.of("result", "error", "error-reason", "Unknown call-id"));
        assertThat(ng.request(Map.of("command", "answer", "call-id", "nope", "from-tag", "f", "to-tag", "t", "sdp", phone.sdp())))
                .isEqualTo(Map.of("result", "error", "error-reason", "Unknown call-id"));
        assertThat(ng.request(Map.of("command", "delete", "call-id", "nope")))
                .isEqualTo(Map.of("result", "ok", "warning", "Call-ID not found or tags didn't match"));
        assertThat(ng.request(Map.of("command", "delete", "call-id", "nope", "flags", List.of("fatal"))))
                .isEqualTo(Map.of("result", "error", "error-reason", "Call-ID not found or tags didn't match"));
        offer("known");
        assertThat(ng.request(Map.of("command", "delete", "call-id", "known", "from-tag", "someone-else")))
                .containsEntry("warning", "Call-ID not found or tags didn't match");
        assertThat(node.stats().activeCalls()).as("a delete with foreign tags deletes nothing").isEqualTo(1);
    }

    @Test
    void badRequestsAreAnsweredWithTheReason() throws Exception {
        assertThat(ng.request(Map.of("command", "offer", "from-tag", "f", "sdp", phone.sdp())))
                .containsEntry("error-reason", "No call-id in message");
        assertThat(ng.request(Map.of("command", "offer", "call-id", "c", "sdp", phone.sdp())))
                .containsEntry("error-reason", "No from-tag in message");
        assertThat(ng.request(Map.of("command", "offer", "call-id", "c", "from-tag", "f")))
                .containsEntry("error-reason", "No SDP body in message");
        assertThat(ng.request(Map.of("command", "offer", "call-id", "c", "from-tag", "f", "sdp", "v=0\r\nm=audio x RTP/AVP 0\r\n")))
                .containsEntry("error-reason", "sdp: line 2: m= port 'x' is not a number");
        assertThat(ng.request(Map.of("command", "offer", "call-id", "c", "from-tag", "f", "sdp", phone.sdp(), "ICE", "sometimes")))
                .containsEntry("result", "error").extractingByKey("error-reason").asString().startsWith("ICE: ");
        assertThat(ng.request(Map.of("command", "offer", "call-id", "c", "from-tag", "f", "sdp", phone.sdp(), "rtcp-mux", List.of("maybe"))))
                .extractingByKey("error-reason").asString().startsWith("rtcp-mux: ");
        assertThat(ng.request(Map.of("command", "offer", "call-id", "c", "from-tag", "f", "sdp", phone.sdp(), "address family", "IP6")))
                .containsEntry("error-reason", "address family IP6: this relay has no IPv6 media address");
        assertThat(ng.request(Map.of("command", "answer", "call-id", "c", "from-tag", "f", "sdp", phone.sdp())))
                .containsEntry("error-reason", "No to-tag in message");
        assertThat(ng.request(Map.of("command", "dance"))).isEqualTo(Map.of("result", "error", "error-reason", "Unrecognized command"));
        assertThat(ng.request(Map.of("call-id", "c"))).containsEntry("error-reason", "No command in message");
        assertThat(node.stats().activeCalls()).as("no failed offer leaves a call behind").isZero();
        assertThat(node.stats().freePortPairs()).isEqualTo(node.stats().totalPortPairs());
    }

    @Test
    void garbageNeverStopsTheServer() throws Exception {
        Random r = new Random(7);
        for (int i = 0; i < 50; i++) {
            byte[] junk = new byte[1 + r.nextInt(300)];
            r.nextBytes(junk);
            junk[0] = 'x';
            for (int j = 0; j < junk.length; j++) {
                if (junk[j] == ' ') {
                    junk[j] = '_';
                }
            }
            ng.send(junk);
        }
        byte[] pong = ng.exchange(new NgMessage("after-junk", Map.of("command", "ping")).toBytes(), 2000);
        assertThat(new String(pong, StandardCharsets.US_ASCII)).as("no cookie, no reply: the first reply is the ping's")
                .isEqualTo("after-junk d6:result4:ponge");
        byte[] reply = ng.exchange("c42 d7:commandi12".getBytes(StandardCharsets.US_ASCII), 2000);
        String text = new String(reply, StandardCharsets.US_ASCII);
        assertThat(text).startsWith("c42 d").contains("6:result5:error").contains("bencode");
        byte[] deep = ("c43 " + "l".repeat(5000)).getBytes(StandardCharsets.US_ASCII);
        assertThat(new String(ng.exchange(deep, 2000), StandardCharsets.US_ASCII)).startsWith("c43 ").contains("nested deeper");
        byte[] notDict = "c44 li1ee".getBytes(StandardCharsets.US_ASCII);
        assertThat(new String(ng.exchange(notDict, 2000), StandardCharsets.US_ASCII)).contains("not a dictionary");
        assertThat(ng.request(Map.of("command", "offer", "call-id", 5L, "from-tag", List.of(1L), "sdp", phone.sdp())))
                .containsEntry("error-reason", "from-tag: must be a string");
        assertThat(ng.request(Map.of("command", "ping"))).isEqualTo(Map.of("result", "pong"));
    }

    @Test
    void aRetransmittedOfferIsAnsweredFromTheCacheAndAllocatesOnce() throws Exception {
        int free = node.stats().freePortPairs();
        byte[] request = new NgMessage("retrans-1", Map.of("command", "offer", "call-id", "rt", "from-tag", "f", "sdp", phone.sdp()))
                .toBytes();
        byte[] first = ng.exchange(request, 2000);
        assertThat(node.stats().freePortPairs()).isEqualTo(free - 2);
        byte[] again = ng.exchange(request, 2000);
        assertThat(again).isEqualTo(first);
        assertThat(node.stats().freePortPairs()).as("the retransmission allocated nothing").isEqualTo(free - 2);
        byte[] fresh = ng.exchange(new NgMessage("retrans-2", Map.of("command", "delete", "call-id", "rt")).toBytes(), 2000);
        assertThat(new String(fresh, StandardCharsets.UTF_8)).startsWith("retrans-2 ").contains("6:result2:ok");
        assertThat(node.stats().freePortPairs()).isEqualTo(free);
    }

    @Test
    void orphanedCallsAreDeleted() throws Exception {
        int free = node.stats().freePortPairs();
        assertThat(offer("orphan")).containsEntry("result", "ok");
        assertThat(node.stats().freePortPairs()).isEqualTo(free - 2);
        long deadline = System.currentTimeMillis() + 5000;
        while (node.stats().activeCalls() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(ng.request(Map.of("command", "query", "call-id", "orphan"))).containsEntry("error-reason", "Unknown call-id");
        assertThat(node.stats().freePortPairs()).isEqualTo(free);
    }

    @Test
    void queryReportsTheShapeRtpengineClientsRead() throws Exception {
        offer("shape");
        Map<String, Object> q = ng.request(Map.of("command", "query", "call-id", "shape"));
        assertThat(q).containsKeys("result", "created", "last signal", "last packet ms", "tags", "totals");
        assertThat(at(q, "tags", "f", "tag")).isEqualTo("f");
        assertThat(at(q, "tags", "f", "in dialogue with")).isEqualTo("");
        assertThat(at(q, "tags", "", "tag")).as("the unanswered side, as rtpengine keys it").isEqualTo("");
        Object stream = at(q, "tags", "f", "medias", 0, "streams", 0);
        assertThat((Map<String, Object>) (Map<?, ?>) stream).containsKeys("local port", "endpoint", "advertised endpoint", "last packet", "stats", "flags");
        assertThat(at(stream, "advertised endpoint", "port")).isEqualTo((long) phone.rtp.getLocalPort());
        assertThat(at(stream, "advertised endpoint", "family")).isEqualTo("IPv4");
        assertThat(at(q, "tags", "f", "medias", 0, "streams", 1, "advertised endpoint", "port")).isEqualTo((long) phone.rtcp.getLocalPort());
        assertThat(at(q, "totals", "RTP")).isEqualTo(Map.of("packets", 0L, "bytes", 0L, "errors", 0L));
        assertThat((Long) at(q, "created")).isBetween(System.currentTimeMillis() / 1000 - 5, System.currentTimeMillis() / 1000);
    }
}
