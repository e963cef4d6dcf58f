package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.palisade.server.ExtensionApiTest.PW;
import static org.palisade.server.ApiCalls.assertField;
import static org.palisade.server.ApiCalls.login;
import static org.palisade.server.ApiCalls.map;
import static org.palisade.server.ApiCalls.root;
import static org.palisade.server.ExtensionApiTest.webChanges;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.account.AccountAdministration;
import org.palisade.core.account.PasswordHasher;
import org.palisade.core.account.Role;
import org.palisade.core.admin.Administration;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditEvent;
import org.palisade.core.audit.AuditLog;
import org.palisade.core.audit.AuditQuery;
import org.palisade.core.audit.AuditType;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.server.testing.TestPhone;
import org.palisade.server.testing.TestServer;
import org.palisade.server.testing.TestUserAgent;
import org.palisade.server.testing.TestUserAgent.Call;
import org.palisade.web.WebServer;
import org.palisade.web.testing.WebClient;

/** {@code /api/calls}, {@code /api/services} and {@code /api/dashboard} against a node carrying real calls between test phones. */
class LiveApiTest {

    private static final String AUDIO_VIDEO = TestUserAgent.SDP + "m=video 40002 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n";

    private static Call call(TestUserAgent from, String number, String sdp) throws Exception {
        Request invite = from.request(Request.INVITE, number, from.user());
        invite.setContent(sdp, from.headers().createContentTypeHeader("application", "sdp"));
        Call call = from.call(invite);
        assertThat(call.awaitFinal().getStatusCode()).isEqualTo(200);
        call.ack();
        return call;
    }

    private static String callId(Call c) {
        return ((CallIdHeader) c.invite().getHeader(CallIdHeader.NAME)).getCallId();
    }

    private static String path(String callId) {
        return "/api/calls/" + URLEncoder.encode(callId, StandardCharsets.UTF_8);
    }

    /** A node configured as {@code serve} makes it, so that calls end up as CDR rows; and its web server, with one account per role. */
    @ParameterizedTest
    @EnumSource(TestDb.class)
    void anAnsweredCallIsListedAndAnAdminEndsItForBothSides(TestDb kind, @TempDir Path dir) throws Exception {
        int port = TestPhone.freeUdpPort();
        PalisadeConfig config = TestServer.serveConfig(dir, port);
        Clock clock = Clock.systemUTC();
        try (TestDatabase db = TestDatabase.create(kind);
             TestUserAgent alice = new TestUserAgent("7101", PW, TestServer.DOMAIN, port);
             TestUserAgent bob = new TestUserAgent("7102", PW, TestServer.DOMAIN, port)) {
            Administration admin = new Administration(db.database(), TestServer.DOMAIN, clock);
            admin.addExtension("test", "7101", "Alice", null, null, PW.toCharArray());
            admin.addExtension("test", "7102", "Bob", null, null, PW.toCharArray());
            AccountAdministration accounts = new AccountAdministration(db.database(), new PasswordHasher(1_000), clock);
            accounts.add("test", "root", Role.ADMIN, AdminWebTest.ROOT_PASSWORD.toCharArray());
            accounts.add("test", "audrey", Role.AUDITOR, AdminWebTest.AUDITOR_PASSWORD.toCharArray());
            accounts.add("test", "fin", Role.FINANCE, AdminWebTest.FINANCE_PASSWORD.toCharArray());
            PalisadeNode node = PalisadeNode.recordingCalls(db.database(), config.sip(), config.registrar(), config.proxy(),
                    config.cdrSpool(), clock);
            String id;
            try {
                node.start();
                WebServer web = AdminWeb.create(TestServer.webSettings(), node, clock);
                try {
                    web.start();
                    alice.register();
                    bob.register();
                    Instant before = Instant.now().minusSeconds(1);
                    Call call = call(alice, "7102", TestUserAgent.SDP);
                    assertThat(bob.awaitRequest(Request.ACK)).isNotNull();
                    id = callId(call);

                    WebClient root = new WebClient(web.baseUri());
                    root.login("root", AdminWebTest.ROOT_PASSWORD).expect(200);
                    WebClient auditor = new WebClient(web.baseUri());
                    auditor.login("audrey", AdminWebTest.AUDITOR_PASSWORD).expect(200);
                    WebClient finance = new WebClient(web.baseUri());
                    finance.login("fin", AdminWebTest.FINANCE_PASSWORD).expect(200);

                    JsonNode calls = auditor.get("/api/calls").expect(200).json();
                    assertThat(calls).hasSize(1);
                    JsonNode c = calls.get(0);
                    assertThat(c.get("callId").asText()).isEqualTo(id);
                    assertThat(c.get("caller").asText()).isEqualTo("7101");
                    assertThat(c.get("callee").asText()).isEqualTo("7102");
                    assertThat(c.get("services").toString()).isEqualTo("[\"voice\"]");
                    assertThat(Instant.parse(c.get("answered").asText())).isAfter(before).isBefore(Instant.now().plusSeconds(1));
                    assertThat(auditor.get("/api/dashboard").json().get("activeCalls").asInt()).isEqualTo(1);
                    assertThat(finance.get("/api/calls").status()).isEqualTo(403);
                    assertThat(auditor.delete(path(id)).status()).isEqualTo(403);
                    assertThat(root.delete("/api/calls/no-such-call").expect(404).json().get("error").asText())
                            .isEqualTo("call no-such-call is not up on this node");
                    assertThat(alice.received(Request.BYE)).as("refused attempts end nothing").isEmpty();

                    root.delete(path(id)).expect(204);
                    Request toAlice = alice.awaitRequest(Request.BYE);
                    Request toBob = bob.awaitRequest(Request.BYE);
                    assertThat(toAlice).as("the caller is hung up").isNotNull();
                    assertThat(toBob).as("the callee is hung up").isNotNull();
                    assertThat(toBob.getHeader("Reason").toString()).contains("ended by an administrator");
                    assertThat(root.get("/api/calls").expect(200).body()).isEqualTo("[]");
                    root.delete(path(id)).expect(404);

                    List<AuditEntry> changes = webChangesIn(db);
                    assertThat(changes).singleElement().satisfies(e -> {
                        assertThat(e.actor()).isEqualTo("web:root");
                        assertThat(e.subject()).isEqualTo("call:" + id);
                        assertThat(e.details()).contains("\"action\":\"end\"", "\"caller\":\"7101\"", "\"callee\":\"7102\"");
                    });
                } finally {
                    web.close();
                }
            } finally {
                node.close(); // flushes the CDR spool
            }
            assertThat(db.queryString("SELECT CONCAT(caller, '>', callee, '|', disposition, '|', hangup_by, '|', hangup_reason) "
                    + "FROM cdr WHERE call_id = '" + id + "'")).isEqualTo("7101>7102|ANSWERED|SYSTEM|ADMIN");
        }
    }

    /** The CONFIG_CHANGED entries made through the web, newest first. */
    private static List<AuditEntry> webChangesIn(TestDatabase db) {
        return db.database().inTransaction(tx -> tx.audit().list(new AuditQuery(null, AuditType.CONFIG_CHANGED, null, 1000)))
                .stream().filter(e -> e.actor().startsWith("web:")).toList();
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void theKillSwitchEndsTheCallsUsingAServiceAndSaysHowMany(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             TestServer server = AdminWebTest.serverWithAccounts(db, TestServer.webSettings());
             TestUserAgent alice = server.phone("5101", PW);
             TestUserAgent bob = server.phone("5102", PW);
             TestUserAgent carol = server.phone("5103", PW)) {
            alice.register();
            bob.register();
            carol.register();
            WebClient root = root(server);
            assertThat(root.get("/api/services").expect(200).body()).isEqualTo("[{\"service\":\"voice\",\"enabled\":true},"
                    + "{\"service\":\"video\",\"enabled\":true},{\"service\":\"chat\",\"enabled\":true},"
                    + "{\"service\":\"file-transfer\",\"enabled\":true},{\"service\":\"external-out\",\"enabled\":true},"
                    + "{\"service\":\"external-in\",\"enabled\":true}]");

            Call video = call(alice, "5102", AUDIO_VIDEO);
            Call voice = call(carol, "5102", TestUserAgent.SDP);
            assertThat(bob.awaitRequest(Request.ACK, 2)).isNotNull();

            assertThat(root.put("/api/services/video", map("enabled", false)).expect(200).body())
                    .isEqualTo("{\"service\":\"video\",\"enabled\":false,\"callsEnded\":1}");
            assertThat(alice.awaitRequest(Request.BYE)).as("the caller is hung up").isNotNull();
            Request toBob = bob.awaitRequest(Request.BYE);
            assertThat(((CallIdHeader) toBob.getHeader(CallIdHeader.NAME)).getCallId()).isEqualTo(callId(video));
            assertThat(server.calls().await(callId(video), 3)).last().isEqualTo("ended SYSTEM ADMIN KILL SWITCH");
            assertThat(root.get("/api/services").json().get(1).get("enabled").asBoolean()).isFalse();

            assertThat(root.put("/api/services/video", map("enabled", false)).expect(200).json().get("callsEnded").asInt())
                    .as("already off: nothing more to end").isZero();
            assertThat(root.put("/api/services/external", map("enabled", false)).expect(200).body())
                    .isEqualTo("{\"service\":\"external\",\"enabled\":false,\"callsEnded\":0}");
            assertThat(root.put("/api/services/video", map("enabled", true)).expect(200).body())
                    .isEqualTo("{\"service\":\"video\",\"enabled\":true,\"callsEnded\":0}");
            JsonNode services = root.get("/api/services").json();
            assertThat(services.get(1).get("enabled").asBoolean()).isTrue();
            assertThat(services.get(4).get("enabled").asBoolean()).isFalse();
            assertThat(services.get(5).get("enabled").asBoolean()).isFalse();

            assertThat(root.put("/api/services/teleport", map("enabled", false)).expect(404).json().get("error").asText())
                    .contains("teleport", "external");
            assertField(root.put("/api/services/voice", map()), "enabled");
            assertField(root.put("/api/services/voice", map("enabled", "no")), "enabled");
            assertField(root.put("/api/services/voice", map("enabled", false, "calls", "keep")), "calls");
            assertThat(root.get("/api/services").json().get(0).get("enabled").asBoolean()).as("voice untouched").isTrue();

            Thread.sleep(1500); // the node's own pass comes by once a second: the voice-only call must survive it too
            assertThat(bob.received(Request.BYE)).as("the voice-only call goes on").hasSize(1);
            assertThat(voice.bye().getStatusCode()).isEqualTo(200);

            assertThat(webChanges(server)).containsExactly("service:video disable", "service:external-out disable",
                    "service:external-in disable", "service:video enable");
            assertThat(AdminWebTest.webChanges(server)).extracting(AuditEntry::actor).containsOnly("web:root");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void theDashboardShowsRegistrationsCallsTrunksRelaysAndTheNewestBlockedAttempts(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             TestServer server = AdminWebTest.serverWithAccounts(db, TestServer.webSettings());
             TestUserAgent alice = server.phone("6101", PW);
             TestUserAgent bob = server.phone("6102", PW);
             TestUserAgent intruder = new TestUserAgent("6101", "not-the-password", TestServer.DOMAIN, server.port())) {
            WebClient auditor = login(server, "audrey", AdminWebTest.AUDITOR_PASSWORD);
            JsonNode empty = auditor.get("/api/dashboard").expect(200).json();
            assertThat(empty.toString()).isEqualTo("{\"registrations\":0,\"activeCalls\":0,\"trunks\":[],\"relayNodes\":[],\"blocked\":[],"
                    + "\"blockedTypes\":[\"POLICY_BLOCKED\",\"RELAY_UNAVAILABLE\",\"LOGON_FAILED\",\"LOCKED_OUT\"],\"directory\":null}");

            alice.register();
            bob.register();
            Call call = call(alice, "6102", TestUserAgent.SDP);
            AuditLog log = new AuditLog(db.database(), Clock.systemUTC());
            for (int i = 0; i < 8; i++) {
                log.record(new AuditEvent(AuditType.POLICY_BLOCKED, "6101", "call:blocked-" + i, null, Map.of("reason", "no video right")));
                log.record(new AuditEvent(AuditType.CONFIG_CHANGED, "cli:test", "extension:6101", null, Map.of()));
            }
            try {
                intruder.register();
                throw new IllegalStateException("a wrong password registered");
            } catch (AssertionError refused) {
                // as it should: a LOGON_FAILED entry
            }
            log.record(new AuditEvent(AuditType.RELAY_UNAVAILABLE, "6101", "call:no-relay", null, Map.of()));
            log.record(new AuditEvent(AuditType.LOCKED_OUT, "system", "6199", "192.0.2.7", Map.of()));

            WebClient root = root(server);
            root.post("/api/trunks", map("name", "pbx", "peer", "pbx.example.com")).expect(201);
            root.post("/api/relay-nodes", map("name", "relay1", "ng", "127.0.0.1:2223")).expect(201);

            JsonNode d = auditor.get("/api/dashboard").expect(200).json();
            assertThat(d.get("registrations").asInt()).isEqualTo(2);
            assertThat(d.get("activeCalls").asInt()).isEqualTo(1);
            assertThat(d.get("trunks")).isEqualTo(auditor.get("/api/trunks/status").expect(200).json());
            assertThat(d.get("trunks").get(0).get("name").asText()).isEqualTo("pbx");
            assertThat(d.get("relayNodes")).isEqualTo(auditor.get("/api/relay-nodes").expect(200).json());
            assertThat(d.get("relayNodes").get(0).get("ng").asText()).isEqualTo("127.0.0.1:2223");

            JsonNode blocked = d.get("blocked");
            assertThat(blocked).hasSize(10);
            assertThat(blocked.findValuesAsText("type")).startsWith("LOCKED_OUT", "RELAY_UNAVAILABLE").doesNotContain("CONFIG_CHANGED")
                    .contains("LOGON_FAILED");
            assertThat(blocked.get(0).get("source").asText()).isEqualTo("192.0.2.7");
            assertThat(blocked.get(0).get("time").asText()).endsWith("Z");
            List<Long> seqs = blocked.findValues("seq").stream().map(JsonNode::asLong).toList();
            assertThat(seqs).isSortedAccordingTo(java.util.Comparator.reverseOrder());
            assertThat(blocked.get(blocked.size() - 1).get("type").asText()).isEqualTo("POLICY_BLOCKED");
            assertThat(blocked.get(blocked.size() - 1).get("details").get("reason").asText()).as("details as JSON")
                    .isEqualTo("no video right");
            assertThat(blocked.findValuesAsText("subject")).as("the oldest policy block falls off")
                    .doesNotContain("call:blocked-0").contains("call:blocked-7");

            assertThat(login(server, "fin", AdminWebTest.FINANCE_PASSWORD).get("/api/dashboard").status()).isEqualTo(403);
            call.bye();
        }
    }
}
