package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.palisade.server.ApiCalls.assertField;
import static org.palisade.server.ApiCalls.map;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.account.Role;
import org.palisade.core.audit.AuditEntry;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.relay.node.RelaySettings;
import org.palisade.server.testing.TestPhone;
import org.palisade.server.testing.TestServer;
import org.palisade.sip.proxy.ProxySettings;
import org.palisade.web.testing.WebClient;

/** {@code /api/relay-nodes} over HTTP against a node whose relay pool pings the nodes admins add. */
class RelayNodeApiTest {

    /** A node anchoring media on the database's relay nodes, pinged every 500 ms, with one account per role. */
    private static TestServer server(TestDatabase db) throws Exception {
        TestServer server = new TestServer(db, TestServer.settings(), ProxySettings.defaults(), TestServer.databaseRelays());
        server.addAdminUser("root", Role.ADMIN, AdminWebTest.ROOT_PASSWORD);
        server.addAdminUser("audrey", Role.AUDITOR, AdminWebTest.AUDITOR_PASSWORD);
        server.addAdminUser("fin", Role.FINANCE, AdminWebTest.FINANCE_PASSWORD);
        server.startWeb(TestServer.webSettings());
        return server;
    }

    private static Map<String, JsonNode> awaitHealth(WebClient c, java.util.function.Predicate<Map<String, JsonNode>> done)
            throws Exception {
        Map<String, JsonNode> byName = new HashMap<>();
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            byName.clear();
            c.get("/api/relay-nodes").expect(200).json().forEach(n -> byName.put(n.get("name").asText(), n));
            if (done.test(byName)) {
                return byName;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("relay health never got there: " + byName);
            }
            Thread.sleep(100);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aRunningRelayIsHealthyADeadNgPortIsNotAndChangesAreAudited(TestDb kind) throws Exception {
        org.palisade.relay.node.RelayNode relay = new org.palisade.relay.node.RelayNode(
                RelaySettings.parse("127.0.0.1:0", "47100-47119", "127.0.0.1"));
        relay.start();
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = server(db)) {
            WebClient root = ApiCalls.root(server);
            assertThat(root.get("/api/relay-nodes").expect(200).json()).isEmpty();
            WebClient.Reply live = root.post("/api/relay-nodes", map("name", "Live", "ng", "127.0.0.1:" + relay.ngPort(), "weight", 50))
                    .expect(201);
            assertThat(live.json().get("name").asText()).isEqualTo("live");
            assertThat(live.json().get("ng").asText()).isEqualTo("127.0.0.1:" + relay.ngPort());
            assertThat(live.json().get("weight").asInt()).isEqualTo(50);
            int deadPort = TestPhone.freeUdpPort();
            JsonNode dead = root.post("/api/relay-nodes", map("name", "dead", "ng", "127.0.0.1:" + deadPort)).expect(201).json();
            assertThat(dead.get("weight").asInt()).as("the default").isEqualTo(100);

            WebClient auditor = ApiCalls.login(server, "audrey", AdminWebTest.AUDITOR_PASSWORD);
            Map<String, JsonNode> nodes = awaitHealth(auditor, n -> n.size() == 2
                    && n.get("live").get("healthy").isBoolean() && n.get("live").get("healthy").asBoolean()
                    && n.get("dead").get("healthy").isBoolean() && !n.get("dead").get("healthy").asBoolean());
            assertThat(nodes.get("live").toString()).isEqualTo("{\"name\":\"live\",\"ng\":\"127.0.0.1:" + relay.ngPort()
                    + "\",\"weight\":50,\"healthy\":true}");
            assertThat(nodes.get("dead").get("healthy").asBoolean()).as("nothing answers on " + deadPort).isFalse();

            root.delete("/api/relay-nodes/DEAD").expect(204);
            root.delete("/api/relay-nodes/dead").expect(404);
            assertThat(auditor.get("/api/relay-nodes").json().findValuesAsText("name")).containsExactly("live");

            List<AuditEntry> changes = AdminWebTest.webChanges(server);
            assertThat(changes).extracting(AuditEntry::subject).containsExactly("relay-node:dead", "relay-node:dead", "relay-node:live");
            assertThat(changes).extracting(AuditEntry::actor).containsOnly("web:root");
            assertThat(changes.get(0).details()).contains("\"action\":\"remove\"", "\"ng\":\"127.0.0.1:" + deadPort + "\"");
            assertThat(changes.get(2).details()).contains("\"action\":\"add\"", "\"weight\":50");
        } finally {
            relay.stop();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void badInputNamesTheFieldAndTakenNamesAre409(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = server(db)) {
            WebClient root = ApiCalls.root(server);
            assertField(root.post("/api/relay-nodes", map("name", "edge", "ng", "10.0.0.7")), "ng");
            assertField(root.post("/api/relay-nodes", map("name", "edge", "ng", "::1:2223")), "ng");
            assertField(root.post("/api/relay-nodes", map("name", "edge", "ng", "10.0.0.7:70000")), "ng");
            assertField(root.post("/api/relay-nodes", map("name", "edge", "ng", "no such host:2223")), "ng");
            assertField(root.post("/api/relay-nodes", map("name", "edge")), "ng");
            assertField(root.post("/api/relay-nodes", map("name", "edge", "ng", "10.0.0.7:2223", "weight", 0)), "weight");
            assertField(root.post("/api/relay-nodes", map("name", "edge", "ng", "10.0.0.7:2223", "weight", "heavy")), "weight");
            assertField(root.post("/api/relay-nodes", map("name", "edge one", "ng", "10.0.0.7:2223")), "name");
            WebClient.Reply reserved = root.post("/api/relay-nodes", map("name", "Embedded", "ng", "10.0.0.7:2223")).expect(409);
            assertThat(reserved.json().get("error").asText()).contains("'embedded' is reserved");

            root.post("/api/relay-nodes", map("name", "edge", "ng", "10.0.0.7:2223")).expect(201);
            assertThat(root.post("/api/relay-nodes", map("name", "EDGE", "ng", "10.0.0.8:2223")).expect(409).json().get("error").asText())
                    .isEqualTo("relay node edge already exists");
            root.delete("/api/relay-nodes/ghost").expect(404);
            root.delete("/api/relay-nodes/embedded").expect(404);
            assertThat(root.get("/api/relay-nodes").json()).hasSize(1);
            assertThat(AdminWebTest.webChanges(server)).hasSize(1);
        }
    }

    @Test
    void auditorsReadRelayNodesFinanceCannotAndNeitherChangesThem() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDb.H2); TestServer server = server(db)) {
            ApiCalls.root(server).post("/api/relay-nodes", map("name", "edge", "ng", "10.0.0.7:2223")).expect(201);
            WebClient auditor = ApiCalls.login(server, "audrey", AdminWebTest.AUDITOR_PASSWORD);
            WebClient finance = ApiCalls.login(server, "fin", AdminWebTest.FINANCE_PASSWORD);
            auditor.get("/api/relay-nodes").expect(200);
            finance.get("/api/relay-nodes").expect(403);
            for (WebClient c : List.of(auditor, finance)) {
                c.post("/api/relay-nodes", map("name", "more", "ng", "10.0.0.8:2223")).expect(403);
                c.delete("/api/relay-nodes/edge").expect(403);
            }
            assertThat(auditor.get("/api/relay-nodes").json().findValuesAsText("name")).containsExactly("edge");
            assertThat(AdminWebTest.webChanges(server)).hasSize(1);
        }
    }
}
