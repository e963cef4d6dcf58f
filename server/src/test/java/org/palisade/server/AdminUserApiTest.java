package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.palisade.server.ApiCalls.assertField;
import static org.palisade.server.ApiCalls.root;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.account.PasswordHasher;
import org.palisade.core.audit.AuditEntry;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.server.testing.TestServer;
import org.palisade.web.testing.WebClient;

/** {@code /api/admin-users} over HTTP: what an admin can do, what is refused and how, and what the audit log keeps. */
class AdminUserApiTest {

    private static final String PASSWORD = "Created-Over-The-Web-6";

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void anAdminListsCreatesReadsChangesAndRemovesAccounts(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             TestServer server = AdminWebTest.serverWithAccounts(db, TestServer.webSettings())) {
            WebClient root = root(server);
            JsonNode list = root.get("/api/admin-users").expect(200).json();
            assertThat(list.findValuesAsText("name")).containsExactly("audrey", "fin", "root");
            assertThat(list.get(0).get("role").asText()).isEqualTo("auditor");
            assertThat(Instant.parse(list.get(0).get("created").asText())).isBefore(Instant.now().plusSeconds(1));
            assertThat(list.toString()).doesNotContain("pbkdf2", "password");

            WebClient.Reply created = root.post("/api/admin-users", Map.of("name", "Carol", "role", "finance", "password", PASSWORD))
                    .expect(201);
            assertThat(created.json().get("name").asText()).isEqualTo("carol");
            assertThat(created.json().get("role").asText()).isEqualTo("finance");
            assertThat(created.json().get("enabled").asBoolean()).isTrue();
            assertThat(created.json().get("created").asText()).endsWith("Z");
            assertThat(created.header("Location")).isEqualTo("/api/admin-users/carol");
            assertThat(new PasswordHasher().verify(PASSWORD.toCharArray(),
                    db.queryString("SELECT password_hash FROM admin_user WHERE name = 'carol'"))).isTrue();
            new WebClient(server.webBase()).login("carol", PASSWORD).expect(200);

            assertThat(root.get("/api/admin-users/CAROL").expect(200).json().get("role").asText()).isEqualTo("finance");
            JsonNode changed = root.put("/api/admin-users/carol", Map.of("role", "auditor", "enabled", false)).expect(200).json();
            assertThat(changed.get("role").asText()).isEqualTo("auditor");
            assertThat(changed.get("enabled").asBoolean()).isFalse();
            root.put("/api/admin-users/carol", Map.of("password", "Another-Web-Password-7", "enabled", true)).expect(200);
            new WebClient(server.webBase()).login("carol", "Another-Web-Password-7").expect(200);
            root.delete("/api/admin-users/carol").expect(204);
            root.get("/api/admin-users/carol").expect(404);

            List<AuditEntry> changes = AdminWebTest.webChanges(server);
            assertThat(changes).hasSize(4);
            assertThat(changes).extracting(AuditEntry::actor).containsOnly("web:root");
            assertThat(changes).extracting(AuditEntry::subject).containsOnly("admin-user:carol");
            assertThat(changes.get(0).details()).contains("\"action\":\"remove\"");
            assertThat(changes.get(1).details()).contains("\"password\":\"changed\"");
            for (AuditEntry e : changes) {
                assertThat(e.details()).doesNotContain(PASSWORD, "Another-Web-Password-7", "pbkdf2");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void badInputNamesTheFieldConflictsAre409AndUnknownAccounts404(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             TestServer server = AdminWebTest.serverWithAccounts(db, TestServer.webSettings())) {
            WebClient root = root(server);
            WebClient.Reply badRole = root.post("/api/admin-users", Map.of("name", "dan", "role", "superuser", "password", PASSWORD));
            assertThat(badRole.status()).isEqualTo(400);
            assertThat(badRole.json().get("field").asText()).isEqualTo("role");
            assertThat(badRole.json().get("error").asText()).contains("admin, auditor, finance");
            assertField(root.post("/api/admin-users", Map.of("name", "dan", "password", PASSWORD)), "role");
            assertField(root.post("/api/admin-users", Map.of("name", "dan", "role", "admin", "password", "short")), "password");
            assertField(root.post("/api/admin-users", Map.of("name", "dan", "role", "admin")), "password");
            assertField(root.post("/api/admin-users", Map.of("name", "dan smith", "role", "admin", "password", PASSWORD)), "name");
            assertField(root.post("/api/admin-users", Map.of("name", "dan", "role", "admin", "password", PASSWORD, "mail", "x")), "mail");
            assertField(root.put("/api/admin-users/fin", Map.of("enabled", "sometimes")), "enabled");
            assertField(root.put("/api/admin-users/fin", Map.of("role", "boss")), "role");

            WebClient.Reply malformed = root.post("/api/admin-users", "{\"name\": \"dan\", \"role\": ").expect(400);
            assertThat(malformed.json().get("error").asText()).startsWith("malformed JSON");
            assertThat(malformed.json().has("field")).isTrue();
            assertThat(malformed.json().get("field").isNull()).isTrue();
            root.get("/api/admin-users").expect(200); // still up

            WebClient.Reply duplicate = root.post("/api/admin-users", Map.of("name", "FIN", "role", "admin", "password", PASSWORD)).expect(409);
            assertThat(duplicate.body()).isEqualTo("{\"error\":\"admin user fin already exists\"}");
            assertThat(root.get("/api/admin-users/ghost").expect(404).body()).isEqualTo("{\"error\":\"admin user ghost does not exist\"}");
            root.put("/api/admin-users/ghost", Map.of("enabled", false)).expect(404);
            root.delete("/api/admin-users/ghost").expect(404);
            assertThat(root.delete("/api/admin-users/root").expect(409).json().get("error").asText()).contains("last enabled admin");
            root.put("/api/admin-users/root", Map.of("role", "auditor")).expect(409);
            root.put("/api/admin-users/fin", Map.of()).expect(400);
            WebClient.Reply patch = root.send(root.withCsrf(root.request("/api/admin-users/fin"))
                    .method("PATCH", java.net.http.HttpRequest.BodyPublishers.noBody())).expect(405);
            assertThat(patch.header("Allow")).isEqualTo("DELETE, GET, PUT");

            assertThat(server.accounts().list()).hasSize(3);
            assertThat(AdminWebTest.webChanges(server)).isEmpty();
        }
    }

}
