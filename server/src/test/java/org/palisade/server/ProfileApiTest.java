package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.palisade.server.ApiCalls.assertField;
import static org.palisade.server.ApiCalls.map;
import static org.palisade.server.ApiCalls.root;
import static org.palisade.server.ExtensionApiTest.webChanges;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.rights.ServiceRight;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.server.testing.TestServer;
import org.palisade.web.testing.WebClient;

/** {@code /api/profiles} over HTTP: rights profiles added, read and changed, bad input, conflicts and the audit trail. */
class ProfileApiTest {

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void anAdminAddsReadsAndChangesProfiles(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             TestServer server = AdminWebTest.serverWithAccounts(db, TestServer.webSettings())) {
            WebClient root = root(server);
            assertThat(root.get("/api/profiles").expect(200).body())
                    .isEqualTo("[{\"name\":\"default\",\"rights\":[\"voice\",\"video\",\"chat\",\"file-transfer\"]}]");

            WebClient.Reply sales = root.post("/api/profiles", map("name", "sales", "rights",
                    List.of("chat", "voice", "external-out", "voice"))).expect(201);
            assertThat(sales.body()).isEqualTo("{\"name\":\"sales\",\"rights\":[\"voice\",\"chat\",\"external-out\"]}");
            assertThat(sales.header("Location")).isEqualTo("/api/profiles/sales");
            assertThat(root.get("/api/profiles/sales").expect(200).body()).isEqualTo(sales.body());
            assertThat(root.get("/api/profiles").json().findValuesAsText("name")).containsExactly("default", "sales");

            assertThat(root.put("/api/profiles/sales", map("rights", List.of("VIDEO", "external-in"))).expect(200).body())
                    .isEqualTo("{\"name\":\"sales\",\"rights\":[\"video\",\"external-in\"]}");
            root.post("/api/profiles", map("name", "nothing", "rights", List.of())).expect(201);
            assertThat(root.get("/api/profiles/nothing").json().get("rights")).isEmpty();
            assertThat(server.admin().profiles()).filteredOn(p -> p.name().equals("sales")).singleElement()
                    .satisfies(p -> assertThat(p.rights()).containsExactlyInAnyOrder(ServiceRight.VIDEO, ServiceRight.EXTERNAL_IN));

            assertThat(webChanges(server)).containsExactly("profile:sales add", "profile:sales set", "profile:nothing add");
            assertThat(AdminWebTest.webChanges(server)).extracting(AuditEntry::actor).containsOnly("web:root");
            assertThat(AdminWebTest.webChanges(server).get(1).details()).contains("\"before\":{\"rights\":\"voice,chat,external-out\"}",
                    "\"after\":{\"rights\":\"video,external-in\"}");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void badRightsAndNamesAre400DuplicatesAre409AndUnknownProfiles404(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             TestServer server = AdminWebTest.serverWithAccounts(db, TestServer.webSettings())) {
            WebClient root = root(server);
            WebClient.Reply unknownRight = root.post("/api/profiles", map("name", "sales", "rights", List.of("voice", "teleport")));
            assertField(unknownRight, "rights");
            assertThat(unknownRight.json().get("error").asText()).contains("teleport", "external-out");
            assertField(root.post("/api/profiles", map("name", "sales")), "rights");
            assertField(root.post("/api/profiles", map("name", "sales", "rights", "voice")), "rights");
            assertField(root.post("/api/profiles", map("name", "sales", "rights", java.util.Arrays.asList("voice", null))), "rights");
            assertField(root.post("/api/profiles", map("name", "two words", "rights", List.of())), "name");
            assertField(root.post("/api/profiles", map("rights", List.of())), "name");
            assertField(root.post("/api/profiles", map("name", "sales", "rights", List.of(), "colour", "red")), "colour");
            assertField(root.put("/api/profiles/default", map()), "rights");
            assertField(root.put("/api/profiles/default", map("rights", List.of("teleport"))), "rights");
            assertField(root.put("/api/profiles/default", map("rights", List.of(), "name", "other")), "name");

            assertThat(root.post("/api/profiles", map("name", "default", "rights", List.of())).expect(409).body())
                    .isEqualTo("{\"error\":\"profile default already exists\"}");
            assertThat(root.get("/api/profiles/ghost").expect(404).body()).isEqualTo("{\"error\":\"profile ghost does not exist\"}");
            root.put("/api/profiles/ghost", map("rights", List.of("voice"))).expect(404);

            assertThat(root.get("/api/profiles").json().findValuesAsText("name")).containsExactly("default");
            assertThat(root.get("/api/profiles/default").json().get("rights")).hasSize(4);
            assertThat(AdminWebTest.webChanges(server)).isEmpty();
        }
    }
}
