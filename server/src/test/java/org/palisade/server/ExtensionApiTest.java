package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.palisade.server.ApiCalls.assertField;
import static org.palisade.server.ApiCalls.map;
import static org.palisade.server.ApiCalls.root;
import static org.palisade.server.ApiCalls.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.account.Role;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.rights.ServiceRight;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.server.testing.TestServer;
import org.palisade.server.testing.TestUserAgent;
import org.palisade.web.testing.WebClient;

/**
 * {@code /api/extensions} and {@code /api/registrations} over HTTP against a real node: what an
 * admin can do, what each role is refused, how bad input is answered, what the audit log keeps,
 * and a real phone's registration as the list shows it.
 */
class ExtensionApiTest {

    static final String PW = "A-Long-SIP-Password-1";
    private static final String NEW_PW = "Another-SIP-Password-2";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The web's CONFIG_CHANGED entries, oldest first, as "subject action". */
    static List<String> webChanges(TestServer server) {
        List<String> changes = new java.util.ArrayList<>(AdminWebTest.webChanges(server).stream()
                .map(e -> e.subject() + " " + details(e).get("action").asText()).toList());
        java.util.Collections.reverse(changes);
        return changes;
    }

    static JsonNode details(AuditEntry e) {
        try {
            return JSON.readTree(e.details());
        } catch (Exception x) {
            throw new AssertionError(x);
        }
    }

    private static List<String> numbers(WebClient c, String query) {
        return c.get("/api/extensions" + query).expect(200).json().findValuesAsText("number");
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void anAdminAddsFindsChangesAndRemovesExtensions(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             TestServer server = AdminWebTest.serverWithAccounts(db, TestServer.webSettings())) {
            server.admin().addProfile("test", "staff", EnumSet.of(ServiceRight.VOICE, ServiceRight.CHAT));
            WebClient root = root(server);

            WebClient.Reply alice = root.post("/api/extensions", map("number", "2001", "name", "Alice Example", "department", "Sales",
                    "profile", "staff", "password", PW)).expect(201);
            assertThat(alice.body()).isEqualTo("{\"number\":\"2001\",\"name\":\"Alice Example\",\"department\":\"Sales\","
                    + "\"profile\":\"staff\",\"enabled\":true,\"did\":null,\"registrations\":0}");
            assertThat(alice.header("Location")).isEqualTo("/api/extensions/2001");
            JsonNode bob = root.post("/api/extensions", map("number", "2002", "name", "Bob Builder", "password", PW)).expect(201).json();
            assertThat(bob.get("profile").asText()).isEqualTo("default");
            assertThat(bob.get("department").isNull()).isTrue();
            root.post("/api/extensions", map("number", "3001", "name", "Carol", "department", "Support", "profile", "", "password", PW))
                    .expect(201);
            assertThat(root.put("/api/extensions/3001", map("enabled", false)).expect(200).json().get("enabled").asBoolean()).isFalse();

            assertThat(numbers(root, "")).containsExactly("2001", "2002", "3001");
            assertThat(numbers(root, "?q=BUILD")).as("name, any case").containsExactly("2002");
            assertThat(numbers(root, "?q=sales")).as("department").containsExactly("2001");
            assertThat(numbers(root, "?q=300")).as("number").containsExactly("3001");
            assertThat(numbers(root, "?q=")).as("an empty filter is none").hasSize(3);
            assertThat(numbers(root, "?profile=staff")).containsExactly("2001");
            assertThat(numbers(root, "?department=support")).containsExactly("3001");
            assertThat(numbers(root, "?enabled=false")).containsExactly("3001");
            assertThat(numbers(root, "?enabled=true&profile=default")).containsExactly("2002");
            assertThat(numbers(root, "?q=nobody")).isEmpty();

            JsonNode one = root.get("/api/extensions/2001").expect(200).json();
            assertThat(one.get("name").asText()).isEqualTo("Alice Example");
            assertThat(one.get("bindings").isArray()).isTrue();
            assertThat(one.get("bindings")).isEmpty();
            assertThat(root.get("/api/extensions").json().get(0).has("bindings")).as("lists carry counts only").isFalse();

            WebClient.Reply changed = root.put("/api/extensions/2001", map("name", "Alice Smith", "department", null, "profile", "default",
                    "did", "+49 30 1234567")).expect(200);
            assertThat(changed.body()).isEqualTo("{\"number\":\"2001\",\"name\":\"Alice Smith\",\"department\":null,"
                    + "\"profile\":\"default\",\"enabled\":true,\"did\":\"+49301234567\",\"registrations\":0}");
            assertThat(root.get("/api/dids").expect(200).body()).isEqualTo("[{\"number\":\"+49301234567\",\"extension\":\"2001\"}]");
            assertThat(root.put("/api/extensions/2001", map("did", "+49301234568")).expect(200).json().get("did").asText())
                    .isEqualTo("+49301234568");
            assertThat(root.get("/api/dids").body()).as("replaced, not added").isEqualTo("[{\"number\":\"+49301234568\",\"extension\":\"2001\"}]");
            root.put("/api/extensions/2001", map("did", "+49301234568")).expect(200); // already so: no change, no entry

            root.put("/api/extensions/2001", map("password", NEW_PW)).expect(200);
            try (TestUserAgent phone = new TestUserAgent("2001", NEW_PW, TestServer.DOMAIN, server.port())) {
                phone.register(); // fails the test unless the new password is the one that counts now
            }
            assertThat(root.put("/api/extensions/2001", map("did", null)).expect(200).json().get("did").isNull()).isTrue();
            assertThat(root.get("/api/dids").body()).isEqualTo("[]");

            root.delete("/api/extensions/2002").expect(204);
            root.get("/api/extensions/2002").expect(404);
            assertThat(numbers(root, "")).containsExactly("2001", "3001");

            assertThat(webChanges(server)).containsExactly(
                    "extension:2001 add", "extension:2002 add", "extension:3001 add", "extension:3001 set",
                    "extension:2001 set", "did:+49301234567 add",
                    "did:+49301234567 remove", "did:+49301234568 add",
                    "extension:2001 set", "did:+49301234568 remove", "extension:2002 remove");
            List<AuditEntry> entries = AdminWebTest.webChanges(server);
            assertThat(entries).extracting(AuditEntry::actor).containsOnly("web:root");
            for (AuditEntry e : entries) {
                assertThat(e.details()).doesNotContain(PW, NEW_PW);
            }
            assertThat(entries).as("a new password is noted, never shown")
                    .filteredOn(e -> details(e).get("action").asText().equals("set") && e.details().contains("\"password\":\"changed\""))
                    .singleElement().satisfies(e -> assertThat(e.subject()).isEqualTo("extension:2001"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void badInputNamesTheFieldDuplicatesAre409UnknownNumbers404AndNothingChanges(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             TestServer server = AdminWebTest.serverWithAccounts(db, TestServer.webSettings())) {
            WebClient root = root(server);
            assertField(root.post("/api/extensions", map("number", "12a", "name", "X", "password", PW)), "number");
            assertField(root.post("/api/extensions", map("number", "2001", "password", PW)), "name");
            assertField(root.post("/api/extensions", map("number", "2001", "name", "x".repeat(129), "password", PW)), "name");
            assertField(root.post("/api/extensions", map("number", "2001", "name", "X", "department", "d".repeat(129), "password", PW)),
                    "department");
            assertField(root.post("/api/extensions", map("number", "2001", "name", "X")), "password");
            assertField(root.post("/api/extensions", map("number", "2001", "name", "X", "password", "short")), "password");
            assertField(root.post("/api/extensions", map("number", "2001", "name", "X", "password", PW, "profile", "ghost")), "profile");
            assertField(root.post("/api/extensions", map("number", "2001", "name", "X", "password", PW, "mail", "x")), "mail");
            assertField(root.post("/api/extensions", map("number", 2001, "name", "X", "password", PW, "enabled", true)), "enabled");

            root.post("/api/extensions", map("number", "2001", "name", "Alice", "password", PW)).expect(201);
            root.post("/api/extensions", map("number", "2002", "name", "Bob", "password", PW)).expect(201);
            WebClient.Reply duplicate = root.post("/api/extensions", map("number", "2001", "name", "Again", "password", PW)).expect(409);
            assertThat(duplicate.body()).isEqualTo("{\"error\":\"extension 2001 already exists\"}");

            assertThat(root.get("/api/extensions/9999").expect(404).body()).isEqualTo("{\"error\":\"extension 9999 does not exist\"}");
            root.put("/api/extensions/9999", map("name", "Nobody")).expect(404);
            root.put("/api/extensions/9999", map("did", "+49301234567")).expect(404);
            root.delete("/api/extensions/9999").expect(404);

            assertField(root.put("/api/extensions/2001", map()), null);
            assertField(root.put("/api/extensions/2001", "[1]"), null);
            assertField(root.put("/api/extensions/2001", map("enabled", "yes")), "enabled");
            assertField(root.put("/api/extensions/2001", map("name", null)), "name");
            assertField(root.put("/api/extensions/2001", map("name", " ")), "name");
            assertField(root.put("/api/extensions/2001", map("name", 7)), "name");
            assertField(root.put("/api/extensions/2001", map("nickname", "Al")), "nickname");
            assertField(root.put("/api/extensions/2001", map("profile", "ghost")), "profile");
            assertField(root.put("/api/extensions/2001", map("password", "short")), "password");
            assertField(root.put("/api/extensions/2001", map("did", "not a number")), "did");
            assertField(root.put("/api/extensions/2001", map("name", "Changed", "did", "not a number")), "did");

            root.put("/api/extensions/2002", map("did", "+49301234567")).expect(200);
            WebClient.Reply taken = root.put("/api/extensions/2001", map("name", "Changed", "did", "+49 30 1234567")).expect(409);
            assertThat(taken.json().get("error").asText()).isEqualTo("did +49301234567 already rings extension 2002");
            JsonNode alice = root.get("/api/extensions/2001").expect(200).json();
            assertThat(alice.get("name").asText()).as("one PUT changes all it asks or nothing").isEqualTo("Alice");
            assertThat(alice.get("did").isNull()).isTrue();

            root.post("/api/dids", map("number", "+49301234568", "extension", "2002")).expect(201);
            assertThat(root.put("/api/extensions/2002", map("did", null)).expect(409).json().get("error").asText())
                    .isEqualTo("extension 2002 has 2 DIDs (+49301234567, +49301234568): change them one by one as DIDs");

            assertField(root.get("/api/extensions?enabled=maybe"), "enabled");
            assertField(root.get("/api/extensions?colour=red"), "colour");
            assertField(root.get("/api/extensions?q=a&q=b"), "q");
            assertField(root.get("/api/registrations?extension=12a"), "extension");
            assertField(root.get("/api/registrations?user=2001"), "user");

            assertThat(webChanges(server)).containsExactly("extension:2001 add", "extension:2002 add", "did:+49301234567 add",
                    "did:+49301234568 add");
        }
    }

    @Test
    void auditorsReadButChangeNothingAndFinanceSeesNoneOfIt() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDb.H2);
             TestServer server = AdminWebTest.serverWithAccounts(db, TestServer.webSettings())) {
            server.addExtension("2001", PW);
            WebClient auditor = login(server, "audrey", AdminWebTest.AUDITOR_PASSWORD);
            WebClient finance = login(server, "fin", AdminWebTest.FINANCE_PASSWORD);
            for (String path : List.of("/api/extensions", "/api/extensions/2001", "/api/registrations", "/api/profiles",
                    "/api/profiles/default", "/api/calls", "/api/dashboard")) {
                auditor.get(path).expect(200);
                assertThat(finance.get(path).status()).as(path).isEqualTo(403);
            }
            for (WebClient c : List.of(auditor, finance)) {
                List<WebClient.Reply> refused = List.of(
                        c.post("/api/extensions", map("number", "2002", "name", "X", "password", PW)),
                        c.put("/api/extensions/2001", map("enabled", false)),
                        c.delete("/api/extensions/2001"),
                        c.get("/api/extensions.csv"),
                        c.post("/api/extensions/import", map("csv", "number,name,password\n2003,Y," + PW + "\n", "dryRun", false)),
                        c.post("/api/profiles", map("name", "boss", "rights", List.of("voice"))),
                        c.put("/api/profiles/default", map("rights", List.of())),
                        c.get("/api/services"),
                        c.put("/api/services/voice", map("enabled", false)),
                        c.delete("/api/calls/some-call"));
                assertThat(refused).allSatisfy(r -> {
                    assertThat(r.status()).as(r.body()).isEqualTo(403);
                    assertThat(r.json().get("error").asText()).isNotBlank();
                });
            }
            WebClient root = root(server);
            assertThat(numbers(root, "")).containsExactly("2001");
            assertThat(root.get("/api/extensions/2001").json().get("enabled").asBoolean()).isTrue();
            assertThat(root.get("/api/profiles").json().findValuesAsText("name")).doesNotContain("boss");
            assertThat(root.get("/api/services").json().findValues("enabled")).allMatch(JsonNode::asBoolean);
            assertThat(AdminWebTest.webChanges(server)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aRegisteredPhoneShowsInRegistrationsAndInItsExtensionsCount(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             TestServer server = AdminWebTest.serverWithAccounts(db, TestServer.webSettings());
             TestUserAgent phone = server.phone("2101", PW)) {
            server.addExtension("2102", PW);
            WebClient auditor = login(server, "audrey", AdminWebTest.AUDITOR_PASSWORD);
            assertThat(auditor.get("/api/registrations").expect(200).body()).isEqualTo("[]");
            Instant before = Instant.now().minusSeconds(1);
            phone.register();

            JsonNode all = auditor.get("/api/registrations").expect(200).json();
            assertThat(all).hasSize(1);
            JsonNode b = all.get(0);
            assertThat(b.get("extension").asText()).isEqualTo("2101");
            assertThat(b.get("contact").asText()).isEqualTo(phone.contact());
            assertThat(b.get("source").asText()).isEqualTo("127.0.0.1:" + phone.localPort());
            assertThat(b.get("transport").asText()).isEqualToIgnoringCase("udp");
            assertThat(b.has("userAgent")).isTrue();
            Instant registered = Instant.parse(b.get("registered").asText());
            assertThat(registered).isAfter(before).isBefore(Instant.now().plusSeconds(1));
            assertThat(Instant.parse(b.get("expires").asText())).isAfter(registered.plusSeconds(500));
            assertThat(auditor.get("/api/registrations?extension=2101").json()).hasSize(1);
            assertThat(auditor.get("/api/registrations?extension=2102").json()).isEmpty();

            JsonNode list = auditor.get("/api/extensions").expect(200).json();
            assertThat(list.findValuesAsText("number")).containsExactly("2101", "2102");
            assertThat(list.get(0).get("registrations").asInt()).isEqualTo(1);
            assertThat(list.get(1).get("registrations").asInt()).isZero();
            JsonNode detail = auditor.get("/api/extensions/2101").expect(200).json();
            assertThat(detail.get("registrations").asInt()).isEqualTo(1);
            assertThat(detail.get("bindings").get(0)).isEqualTo(b);
            assertThat(auditor.get("/api/dashboard").expect(200).json().get("registrations").asInt()).isEqualTo(1);

            WebClient root = root(server);
            JsonNode disabled = root.put("/api/extensions/2101", map("enabled", false)).expect(200).json();
            assertThat(disabled.get("registrations").asInt()).as("disabling drops its registrations").isZero();
            assertThat(auditor.get("/api/registrations").json()).isEmpty();
            assertThat(auditor.get("/api/extensions/2101").json().get("registrations").asInt()).isZero();
        }
    }
}
