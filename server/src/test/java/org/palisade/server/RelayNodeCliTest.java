package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.db.DbSettings;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.server.testing.CliRun;

/** relay-node add, list and remove as an admin runs them: what is stored, what is audited, how bad input is refused. */
class RelayNodeCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void addListRemoveAreStoredAndAudited(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            DbSettings s = db.settings();
            CliRun added = CliRun.run(s, null, "relay-node", "add", "Edge-1", "--ng", "10.0.0.7:2223", "--weight", "50");
            assertThat(added.exitCode()).as(added.err()).isZero();
            assertThat(added.out()).contains("NAME").contains("edge-1").contains("10.0.0.7:2223").contains("50");
            CliRun v6 = CliRun.run(s, null, "relay-node", "add", "core", "--ng", "[::1]:22222");
            assertThat(v6.exitCode()).as(v6.err()).isZero();
            assertThat(db.queryString("SELECT CONCAT(ng_host, '|', ng_port, '|', weight) FROM relay_node WHERE name = 'core'"))
                    .isEqualTo("::1|22222|100");

            JsonNode list = JSON.readTree(CliRun.run(s, null, "relay-node", "list", "--json").out());
            assertThat(list.findValuesAsText("name")).containsExactly("core", "edge-1");
            assertThat(list.get(0).get("ng").asText()).isEqualTo("[::1]:22222");
            assertThat(list.get(0).get("weight").asInt()).isEqualTo(100);
            assertThat(list.get(1).get("weight").asInt()).isEqualTo(50);
            assertThat(CliRun.run(s, null, "relay-node", "list").out()).contains("WEIGHT").contains("[::1]:22222");

            CliRun removed = CliRun.run(s, null, "relay-node", "remove", "EDGE-1");
            assertThat(removed.exitCode()).as(removed.err()).isZero();
            assertThat(removed.out()).contains("removed");
            assertThat(JSON.readTree(CliRun.run(s, null, "relay-node", "list", "--json").out()).findValuesAsText("name"))
                    .containsExactly("core");

            JsonNode changes = JSON.readTree(CliRun.run(s, null, "audit", "list", "--type", "CONFIG_CHANGED", "--json").out());
            assertThat(changes).hasSize(3);
            JsonNode removal = changes.get(0);
            assertThat(removal.get("subject").asText()).isEqualTo("relay-node:edge-1");
            assertThat(removal.get("actor").asText()).startsWith("cli:");
            assertThat(removal.get("details").get("action").asText()).isEqualTo("remove");
            assertThat(removal.get("details").get("before").get("ng").asText()).isEqualTo("10.0.0.7:2223");
            assertThat(changes.get(1).get("details").get("after").get("ng").asText()).isEqualTo("[::1]:22222");
            assertThat(changes.get(2).get("details").get("action").asText()).isEqualTo("add");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void conflictsAndMissingNodesExitOne(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            DbSettings s = db.settings();
            assertThat(CliRun.run(s, null, "relay-node", "add", "edge", "--ng", "10.0.0.7:2223").exitCode()).isZero();

            CliRun duplicate = CliRun.run(s, null, "relay-node", "add", "EDGE", "--ng", "10.0.0.8:2223");
            assertThat(duplicate.exitCode()).isEqualTo(1);
            assertThat(duplicate.err()).contains("relay node edge already exists");

            CliRun missing = CliRun.run(s, null, "relay-node", "remove", "ghost");
            assertThat(missing.exitCode()).isEqualTo(1);
            assertThat(missing.err()).contains("ghost").contains("does not exist");

            JsonNode list = JSON.readTree(CliRun.run(s, null, "relay-node", "list", "--json").out());
            assertThat(list).hasSize(1);
            assertThat(list.get(0).get("ng").asText()).isEqualTo("10.0.0.7:2223");
            assertThat(JSON.readTree(CliRun.run(s, null, "audit", "list", "--json").out())).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void badInputNamesTheFieldExitsTwoAndChangesNothing(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            DbSettings s = db.settings();
            String[][] cases = {
                {"--ng:", "relay-node", "add", "edge", "--ng", "10.0.0.7"},
                {"--ng:", "relay-node", "add", "edge", "--ng", "::1:2223"},
                {"--ng:", "relay-node", "add", "edge", "--ng", "[::1]2223"},
                {"--ng:", "relay-node", "add", "edge", "--ng", "10.0.0.7:70000"},
                {"--ng:", "relay-node", "add", "edge", "--ng", "10.0.0.7:0"},
                {"--ng:", "relay-node", "add", "edge", "--ng", "no such host:2223"},
                {"--ng", "relay-node", "add", "edge"},
                {"weight:", "relay-node", "add", "edge", "--ng", "10.0.0.7:2223", "--weight", "0"},
                {"weight:", "relay-node", "add", "edge", "--ng", "10.0.0.7:2223", "--weight", "1001"},
                {"--weight", "relay-node", "add", "edge", "--ng", "10.0.0.7:2223", "--weight", "heavy"},
                {"name:", "relay-node", "add", "edge one", "--ng", "10.0.0.7:2223"},
                {"reserved", "relay-node", "add", "Embedded", "--ng", "10.0.0.7:2223"},
            };
            for (String[] c : cases) {
                CliRun run = CliRun.run(s, null, Arrays.copyOfRange(c, 1, c.length));
                assertThat(run.exitCode()).as(String.join(" ", c) + ": " + run.err()).isEqualTo(2);
                assertThat(run.err()).as(String.join(" ", c)).contains(c[0]);
            }
            assertThat(JSON.readTree(CliRun.run(s, null, "relay-node", "list", "--json").out())).isEmpty();
            assertThat(JSON.readTree(CliRun.run(s, null, "audit", "list", "--json").out())).isEmpty();
        }
    }
}
