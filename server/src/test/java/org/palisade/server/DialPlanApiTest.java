package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.palisade.server.ApiCalls.assertField;
import static org.palisade.server.ApiCalls.map;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.audit.AuditEntry;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.pbx.dialplan.NumberNormalizer;
import org.palisade.server.testing.TestServer;
import org.palisade.web.testing.WebClient;

/** {@code /api/routes} (with the route test) and {@code /api/dids} over HTTP against a real node, default country DE. */
class DialPlanApiTest {

    private static TestServer server(TestDatabase db) throws Exception {
        TestServer server = AdminWebTest.serverWithAccounts(db, TestServer.webSettings());
        server.node().numbers(new NumberNormalizer("DE"));
        return server;
    }

    private static void trunks(WebClient root, String... names) {
        for (String n : names) {
            root.post("/api/trunks", map("name", n, "peer", n + ".example.com")).expect(201);
        }
    }

    private static WebClient.Reply test(WebClient c, String number) {
        return c.get("/api/routes/test?number=" + java.net.URLEncoder.encode(number, java.nio.charset.StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void routesAreAddedWhereAskedListedInOrderTestedAndRemoved(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = server(db)) {
            WebClient root = ApiCalls.root(server);
            trunks(root, "pbx", "backup", "carrier");
            WebClient.Reply germany = root.post("/api/routes", map("name", "Germany", "kind", "prefix", "pattern", "+49",
                    "trunks", List.of("pbx", "backup"), "strip", 3, "prepend", "0")).expect(201);
            assertThat(germany.json().toString()).isEqualTo("{\"position\":1,\"name\":\"germany\",\"kind\":\"prefix\",\"pattern\":\"+49\","
                    + "\"strip\":3,\"prepend\":\"0\",\"trunks\":[\"pbx\",\"backup\"]}");
            WebClient.Reply all = root.post("/api/routes", map("name", "all", "kind", "regex", "pattern", "\\+[0-9]+",
                    "trunks", List.of("carrier"))).expect(201);
            assertThat(all.json().get("position").asInt()).isEqualTo(2);
            assertThat(all.json().get("prepend").asText()).isEmpty();
            assertThat(all.json().get("strip").asInt()).isZero();
            root.post("/api/routes", map("name", "emergency", "kind", "prefix", "pattern", "112", "trunks", List.of("pbx"),
                    "position", 1)).expect(201);

            JsonNode list = root.get("/api/routes").expect(200).json();
            assertThat(list.findValuesAsText("name")).containsExactly("emergency", "germany", "all");
            assertThat(list.findValuesAsText("position")).containsExactly("1", "2", "3");

            JsonNode national = test(root, "030 1234567").expect(200).json();
            assertThat(national.toString()).isEqualTo("{\"dialled\":\"030 1234567\",\"kind\":\"public\",\"e164\":\"+49301234567\","
                    + "\"route\":\"germany\",\"number\":\"0301234567\",\"trunks\":[\"pbx\",\"backup\"]}");
            root.put("/api/trunks/backup", map("enabled", false)).expect(200);
            assertThat(test(root, "+49 30 1234567").expect(200).json().get("trunks").toString()).as("a disabled trunk is not offered")
                    .isEqualTo("[\"pbx\"]");
            JsonNode abroad = test(root, "0044 20 7946 0000").expect(200).json();
            assertThat(abroad.get("e164").asText()).isEqualTo("+442079460000");
            assertThat(abroad.get("route").asText()).isEqualTo("all");
            assertThat(abroad.get("number").asText()).isEqualTo("+442079460000");
            JsonNode emergency = test(root, "112").expect(200).json();
            assertThat(emergency.get("kind").asText()).isEqualTo("emergency");
            assertThat(emergency.get("route").asText()).isEqualTo("emergency");

            root.delete("/api/routes/ALL").expect(204);
            root.delete("/api/routes/all").expect(404);
            WebClient.Reply none = test(root, "0044 20 7946 0000").expect(404);
            assertThat(none.json().get("error").asText()).isEqualTo("no route matches +442079460000");
            assertField(test(root, "call me"), "number");
            assertField(root.get("/api/routes/test"), "number");
            assertThat(root.get("/api/routes").json().findValuesAsText("name")).containsExactly("emergency", "germany");

            List<AuditEntry> changes = AdminWebTest.webChanges(server).stream().filter(e -> e.subject().startsWith("route:")).toList();
            assertThat(changes).extracting(AuditEntry::subject).containsExactly("route:all", "route:emergency", "route:all", "route:germany");
            assertThat(changes).extracting(AuditEntry::actor).containsOnly("web:root");
            assertThat(changes.get(0).details()).contains("\"action\":\"remove\"");
            assertThat(changes.get(3).details()).contains("\"action\":\"add\"", "\"prefix\":\"+49\"", "\"trunks\":[\"pbx\",\"backup\"]");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void badRoutesNameTheFieldAndDuplicatesAre409(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = server(db)) {
            WebClient root = ApiCalls.root(server);
            trunks(root, "pbx");
            assertField(root.post("/api/routes", map("name", "r", "kind", "regex", "pattern", "([0-9]", "trunks", List.of("pbx"))), "pattern");
            assertField(root.post("/api/routes", map("name", "r", "kind", "prefix", "pattern", "49x", "trunks", List.of("pbx"))), "pattern");
            assertField(root.post("/api/routes", map("name", "r", "kind", "prefix", "trunks", List.of("pbx"))), "pattern");
            WebClient.Reply ghost = root.post("/api/routes", map("name", "r", "kind", "prefix", "pattern", "+", "trunks", List.of("pbx", "ghost")));
            assertField(ghost, "trunks");
            assertThat(ghost.json().get("error").asText()).contains("ghost").contains("does not exist");
            assertField(root.post("/api/routes", map("name", "r", "kind", "prefix", "pattern", "+", "trunks", List.of())), "trunks");
            assertField(root.post("/api/routes", map("name", "r", "kind", "prefix", "pattern", "+", "trunks", "pbx")), "trunks");
            assertField(root.post("/api/routes", map("name", "r", "kind", "glob", "pattern", "+", "trunks", List.of("pbx"))), "kind");
            assertField(root.post("/api/routes", map("name", "r", "pattern", "+", "trunks", List.of("pbx"))), "kind");
            assertField(root.post("/api/routes", map("name", "r", "kind", "prefix", "pattern", "+", "trunks", List.of("pbx"),
                    "position", 2)), "position");
            assertField(root.post("/api/routes", map("name", "r", "kind", "prefix", "pattern", "+", "trunks", List.of("pbx"),
                    "strip", -1)), "strip");
            assertField(root.post("/api/routes", map("name", "r", "kind", "prefix", "pattern", "+", "trunks", List.of("pbx"),
                    "prepend", "00x")), "prepend");
            assertField(root.post("/api/routes", map("name", "r 1", "kind", "prefix", "pattern", "+", "trunks", List.of("pbx"))), "name");
            assertThat(root.get("/api/routes").json()).isEmpty();

            root.post("/api/routes", map("name", "r", "kind", "prefix", "pattern", "+", "trunks", List.of("pbx"))).expect(201);
            WebClient.Reply duplicate = root.post("/api/routes", map("name", "R", "kind", "prefix", "pattern", "+49",
                    "trunks", List.of("pbx"))).expect(409);
            assertThat(duplicate.json().get("error").asText()).isEqualTo("route r already exists");
            root.delete("/api/routes/ghost").expect(404);
            assertThat(AdminWebTest.webChanges(server)).extracting(AuditEntry::subject).containsExactly("route:r", "trunk:pbx");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void didsAreStoredInE164AndMustRingAnExistingExtension(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = server(db)) {
            server.addExtension("1001", "a long enough password");
            WebClient root = ApiCalls.root(server);
            WebClient.Reply national = root.post("/api/dids", map("number", "030 555 101", "extension", "1001")).expect(201);
            assertThat(national.json().toString()).isEqualTo("{\"number\":\"+4930555101\",\"extension\":\"1001\"}");
            root.post("/api/dids", map("number", "+4930555102", "extension", "1001")).expect(201);
            assertThat(root.get("/api/dids").expect(200).json().toString()).isEqualTo(
                    "[{\"number\":\"+4930555101\",\"extension\":\"1001\"},{\"number\":\"+4930555102\",\"extension\":\"1001\"}]");

            assertThat(root.post("/api/dids", map("number", "+49 30 555101", "extension", "1001")).expect(409).json().get("error").asText())
                    .isEqualTo("did +4930555101 already exists");
            WebClient.Reply missing = root.post("/api/dids", map("number", "+4930555103", "extension", "9999"));
            assertField(missing, "extension");
            assertThat(missing.json().get("error").asText()).contains("9999").contains("does not exist");
            assertField(root.post("/api/dids", map("number", "12", "extension", "1001")), "number");
            assertField(root.post("/api/dids", map("number", "hello", "extension", "1001")), "number");
            assertField(root.post("/api/dids", map("number", "+4930555104", "extension", "ext")), "extension");
            assertField(root.post("/api/dids", map("extension", "1001")), "number");

            root.delete("/api/dids/+4930555102").expect(204); // '+' in a path is itself
            root.delete("/api/dids/030555101").expect(204); // the national form finds it too
            root.delete("/api/dids/%2B4930555101").expect(404);
            assertThat(root.get("/api/dids").json()).isEmpty();

            List<AuditEntry> changes = AdminWebTest.webChanges(server);
            assertThat(changes).extracting(AuditEntry::subject)
                    .containsExactly("did:+4930555101", "did:+4930555102", "did:+4930555102", "did:+4930555101");
            assertThat(changes).extracting(AuditEntry::actor).containsOnly("web:root");
            assertThat(changes.get(3).details()).contains("\"extension\":\"1001\"", "\"action\":\"add\"");
        }
    }

    @Test
    void auditorsReadTheDialPlanFinanceCannotAndNeitherChangesIt() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDb.H2); TestServer server = server(db)) {
            server.addExtension("1001", "a long enough password");
            WebClient root = ApiCalls.root(server);
            trunks(root, "pbx");
            root.post("/api/routes", map("name", "all", "kind", "prefix", "pattern", "+", "trunks", List.of("pbx"))).expect(201);
            root.post("/api/dids", map("number", "+4930555101", "extension", "1001")).expect(201);
            WebClient auditor = ApiCalls.login(server, "audrey", AdminWebTest.AUDITOR_PASSWORD);
            WebClient finance = ApiCalls.login(server, "fin", AdminWebTest.FINANCE_PASSWORD);

            for (String path : List.of("/api/routes", "/api/routes/test?number=%2B4930123456", "/api/dids")) {
                auditor.get(path).expect(200);
                finance.get(path).expect(403);
            }
            for (WebClient c : List.of(auditor, finance)) {
                c.post("/api/routes", map("name", "more", "kind", "prefix", "pattern", "+49", "trunks", List.of("pbx"))).expect(403);
                c.delete("/api/routes/all").expect(403);
                c.post("/api/dids", map("number", "+4930555102", "extension", "1001")).expect(403);
                c.delete("/api/dids/%2B4930555101").expect(403);
            }
            assertThat(auditor.get("/api/routes").json()).hasSize(1);
            assertThat(auditor.get("/api/dids").json()).hasSize(1);
            assertThat(AdminWebTest.webChanges(server)).hasSize(3);
        }
    }
}
