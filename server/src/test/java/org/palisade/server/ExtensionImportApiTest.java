package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.palisade.server.ExtensionApiTest.PW;
import static org.palisade.server.ApiCalls.assertField;
import static org.palisade.server.ApiCalls.map;
import static org.palisade.server.ApiCalls.root;
import static org.palisade.server.ExtensionApiTest.webChanges;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.rights.ServiceRight;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.server.testing.TestServer;
import org.palisade.server.testing.TestUserAgent;
import org.palisade.web.testing.WebClient;

/** The extensions CSV over HTTP: the export, the dry run with its per-row errors, and the all-or-nothing import. */
class ExtensionImportApiTest {

    private static final String HEADER = "number,name,department,profile,password";

    private static WebClient.Reply importCsv(WebClient c, String csv, boolean dryRun) {
        return c.post("/api/extensions/import", map("csv", csv, "dryRun", dryRun));
    }

    /** Each error as "LINE FIELD", "-" for no field. */
    private static List<String> errors(JsonNode body) {
        List<String> out = new java.util.ArrayList<>();
        body.get("errors").forEach(e -> out.add(e.get("line").asInt() + " " + (e.get("field").isNull() ? "-" : e.get("field").asText())));
        return out;
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void theExportWithPasswordsFilledInImportsBackAsItWas(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             TestServer server = AdminWebTest.serverWithAccounts(db, TestServer.webSettings())) {
            server.admin().addProfile("test", "staff", EnumSet.of(ServiceRight.VOICE));
            WebClient root = root(server);
            root.post("/api/extensions", map("number", "2001", "name", "Smith, \"Al\"", "department", "Sales", "profile", "staff",
                    "password", PW)).expect(201);
            root.post("/api/extensions", map("number", "2002", "name", "Zoë Ünal", "password", PW)).expect(201);

            WebClient.Reply export = root.get("/api/extensions.csv").expect(200);
            assertThat(export.header("Content-Type")).isEqualTo("text/csv; charset=utf-8");
            assertThat(export.header("Content-Disposition")).contains("extensions.csv");
            String csv = export.body();
            assertThat(csv).isEqualTo(HEADER + "\r\n2001,\"Smith, \"\"Al\"\"\",Sales,staff,\r\n2002,Zoë Ünal,,default,\r\n");

            JsonNode asExported = importCsv(root, csv, true).expect(200).json();
            assertThat(asExported.get("errors").toString()).as("the export's passwords are empty, and its numbers taken")
                    .contains("{\"line\":2,\"field\":\"number\",\"error\":\"extension 2001 already exists\"}",
                            "{\"line\":3,\"field\":\"password\"");

            root.delete("/api/extensions/2001").expect(204);
            root.delete("/api/extensions/2002").expect(204);
            String filled = csv.replace(",staff,\r\n", ",staff," + PW + "\r\n").replace(",default,\r\n", ",default,Second-Password-9\r\n");
            assertThat(importCsv(root, filled, true).expect(200).body()).isEqualTo("{\"valid\":2,\"errors\":[]}");
            assertThat(root.get("/api/extensions").json()).as("a dry run imports nothing").isEmpty();
            assertThat(importCsv(root, filled, false).expect(201).body()).isEqualTo("{\"imported\":2}");

            assertThat(root.get("/api/extensions.csv").body()).isEqualTo(csv);
            try (TestUserAgent phone = new TestUserAgent("2002", "Second-Password-9", TestServer.DOMAIN, server.port())) {
                phone.register();
            }
            assertThat(webChanges(server)).endsWith("extension:2001 add", "extension:2002 add");
            assertThat(AdminWebTest.webChanges(server)).allSatisfy(e -> assertThat(e.details()).doesNotContain(PW, "Second-Password-9"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void badRowsAreEachReportedWithLineAndFieldAndNothingIsImported(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             TestServer server = AdminWebTest.serverWithAccounts(db, TestServer.webSettings())) {
            server.addExtension("2001", PW);
            WebClient root = root(server);
            String csv = HEADER + "\n"
                    + "3001,Good One,Sales,,pw-good-one-1\n"
                    + "30x1,Bad Number,,,pw-bad-number-1\n"
                    + "3002,Unknown Profile,,ghost,pw-unknown-2\n"
                    + "\n"                                              // empty lines are skipped, and still counted
                    + "3003,First,,,pw-first-copy-3\n"
                    + "3003,Second,,,pw-second-copy-3\n"
                    + "2001,Taken,,,pw-taken-2001\n"
                    + "3004,No Password,,default,\n"
                    + "3005,,,,pw-no-name-5\n"
                    + "3006,Short,,,short\n"
                    + "3007,Two,Columns\n"
                    + "\"3008\",\"Quoted, fine\",,,pw-quoted-ok-8\n";
            JsonNode dry = importCsv(root, csv, true).expect(200).json();
            assertThat(dry.get("valid").asInt()).isEqualTo(3);
            assertThat(errors(dry)).containsExactly("3 number", "4 profile", "7 number", "8 number", "9 password", "10 name",
                    "11 password", "12 -");
            assertThat(dry.get("errors").get(2).get("error").asText()).isEqualTo("3003 is on line 6 already");
            assertThat(dry.get("errors").get(3).get("error").asText()).isEqualTo("extension 2001 already exists");
            assertThat(dry.get("errors").get(4).get("error").asText()).startsWith("required");
            assertThat(dry.get("errors").get(7).get("error").asText()).isEqualTo("expected 5 values, found 3");
            assertThat(dry.get("errors").get(1).get("error").asText()).isEqualTo("'ghost' does not exist");

            WebClient.Reply refused = importCsv(root, csv, false).expect(400);
            assertThat(refused.json().get("error").asText()).isEqualTo("8 lines have problems; nothing was imported");
            assertThat(refused.json().get("field").isNull()).isTrue();
            assertThat(refused.json().get("errors")).isEqualTo(dry.get("errors"));
            assertThat(refused.json().get("valid").asInt()).isEqualTo(3);
            assertThat(root.get("/api/extensions").json().findValuesAsText("number")).containsExactly("2001");

            JsonNode header = importCsv(root, "number,name,departement,password\n3001,X,Y,pw-long-enough\n", true).expect(200).json();
            assertThat(errors(header)).containsExactly("1 departement");
            assertThat(errors(importCsv(root, "number,password\n3001,pw-long-enough\n", true).expect(200).json()))
                    .containsExactly("1 name");
            JsonNode malformed = importCsv(root, HEADER + "\n3001,X,,,pw-long-enough\n3002,\"unterminated,,,pw\n", true).expect(200).json();
            assertThat(errors(malformed)).containsExactly("3 -");
            assertThat(malformed.get("valid").asInt()).isEqualTo(1);
            assertThat(importCsv(root, HEADER + "\r\n", true).expect(200).body()).isEqualTo("{\"valid\":0,\"errors\":[]}");
            assertField(importCsv(root, HEADER + "\r\n", false), "csv");
            assertField(importCsv(root, " ", true), "csv");
            assertField(root.post("/api/extensions/import", map("csv", csv)), "dryRun");
            assertField(root.post("/api/extensions/import", map("csv", csv, "dryRun", false, "force", true)), "force");

            assertThat(root.get("/api/extensions").json().findValuesAsText("number")).containsExactly("2001");
            assertThat(AdminWebTest.webChanges(server)).isEmpty();

            String good = HEADER + "\r\n3001,Good One,Sales,,pw-good-one-1\r\n3002,Good Two,,default,pw-good-two-2\r\n"
                    + "3003,Good Three,,,pw-good-three-3\r\n";
            assertThat(importCsv(root, "\uFEFF" + good, false).expect(201).body()).isEqualTo("{\"imported\":3}");
            assertThat(root.get("/api/extensions").json().findValuesAsText("number")).containsExactly("2001", "3001", "3002", "3003");
            assertThat(webChanges(server)).containsExactly("extension:3001 add", "extension:3002 add", "extension:3003 add");
            assertThat(AdminWebTest.webChanges(server)).extracting(e -> e.actor()).containsOnly("web:root");
        }
    }
}
