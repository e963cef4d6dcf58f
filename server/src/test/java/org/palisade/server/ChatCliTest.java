package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.chat.ChatArchive;
import org.palisade.core.chat.ChatState;
import org.palisade.db.DbSettings;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.server.testing.CliRun;

/** chat list and chat search, as an auditor runs them. */
class ChatCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOV_25 = 1_764_028_800_000L; // 2025-11-25T00:00:00Z

    private static void seed(TestDatabase db) {
        send(db, NOV_25, "1001", "1002", "text/plain", "Budget meeting moved", ChatState.DELIVERED, 200);
        send(db, NOV_25 + 60_000, "1002", "1001", "text/plain", "OK, which BUDGET?", ChatState.DELIVERED, 200);
        send(db, NOV_25 + 120_000, "1003", "1001", "application/pdf", "%PDF budget", ChatState.BLOCKED, 403);
        send(db, NOV_25 + 180_000, "1003", "1004", "text/plain", "lunch?", ChatState.STORED, 202);
    }

    private static void send(TestDatabase db, long at, String from, String to, String type, String body, ChatState state, int code) {
        new ChatArchive(db.database(), Clock.fixed(Instant.ofEpochMilli(at), ZoneOffset.UTC), Duration.ofHours(72))
                .archive(from, to, type, body.getBytes(StandardCharsets.UTF_8), "call-" + at, state, code, "127.0.0.1:5062/UDP");
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void listAndSearchPrintTablesAndJson(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            seed(db);
            DbSettings s = db.settings();
            CliRun list = CliRun.run(s, null, "chat", "list", "--extension", "1001", "--json");
            assertThat(list.exitCode()).as(list.err()).isZero();
            JsonNode rows = JSON.readTree(list.out());
            assertThat(rows.findValuesAsText("call_id")).containsExactly("call-" + (NOV_25 + 120_000), "call-" + (NOV_25 + 60_000),
                    "call-" + NOV_25);
            assertThat(rows.get(0).get("state").asText()).isEqualTo("BLOCKED");
            assertThat(rows.get(0).get("encoding").asText()).isEqualTo("BASE64");
            assertThat(rows.get(1).get("body").asText()).isEqualTo("OK, which BUDGET?");
            assertThat(rows.get(2).get("time").asText()).isEqualTo("2025-11-25T00:00:00Z");

            CliRun since = CliRun.run(s, null, "chat", "list", "--extension", "1001", "--since", "2025-11-25T00:01:00Z", "--limit", "1");
            assertThat(since.out()).contains("BLOCKED").contains("(11 bytes, base64 in --json)").doesNotContain("Budget meeting");

            CliRun search = CliRun.run(s, null, "chat", "search", "budget");
            assertThat(search.exitCode()).as(search.err()).isZero();
            assertThat(search.out()).contains("TIME").contains("OK, which BUDGET?").contains("Budget meeting moved")
                    .doesNotContain("PDF").doesNotContain("lunch");
            JsonNode found = JSON.readTree(CliRun.run(s, null, "chat", "search", "BUDGET", "--since", "2025-11-25T00:00:30Z", "--json").out());
            assertThat(found.findValuesAsText("from")).containsExactly("1002");
            assertThat(CliRun.run(s, null, "chat", "search", "nobody said this").out()).contains("(none)");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void badInputNamesTheFieldAndExitsTwo(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            DbSettings s = db.settings();
            String[][] cases = {
                {"extension:", "chat", "list", "--extension", "10 01; DROP TABLE chat_message"},
                {"since:", "chat", "list", "--extension", "1001", "--since", "last tuesday"},
                {"limit:", "chat", "list", "--extension", "1001", "--limit", "0"},
                {"text:", "chat", "search", "  "},
                {"limit:", "chat", "search", "x", "--limit", "100001"},
                {"--extension", "chat", "list"},
                {"TEXT", "chat", "search"},
            };
            for (String[] c : cases) {
                CliRun run = CliRun.run(s, null, java.util.Arrays.copyOfRange(c, 1, c.length));
                assertThat(run.exitCode()).as(String.join(" ", c) + ": " + run.err()).isEqualTo(2);
                assertThat(run.err()).as(String.join(" ", c)).contains(c[0]);
            }
        }
    }
}
