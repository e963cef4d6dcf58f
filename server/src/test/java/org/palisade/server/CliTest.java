package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.audit.AuditEvent;
import org.palisade.core.audit.AuditLog;
import org.palisade.core.audit.AuditType;
import org.palisade.db.DbSettings;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.server.testing.CliRun;

/** The admin's command line against a real database: what it prints, what it stores, how it refuses. */
class CliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void extensionLifecycle(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            DbSettings s = db.settings();
            CliRun added = CliRun.run(s, "pa55word-alice\n", "extension", "add", "1001", "--name", "Alice Example",
                    "--department", "Sales", "--password-stdin");
            assertThat(added.exitCode()).as(added.err()).isZero();
            assertThat(added.out()).contains("1001").contains("Alice Example").contains("Sales").contains("default");

            CliRun set = CliRun.run(s, null, "extension", "set", "1001", "--name", "Alice Renamed", "--disable");
            assertThat(set.exitCode()).as(set.err()).isZero();

            JsonNode list = JSON.readTree(CliRun.run(s, null, "extension", "list", "--json").out());
            assertThat(list).hasSize(1);
            assertThat(list.get(0).get("name").asText()).isEqualTo("Alice Renamed");
            assertThat(list.get(0).get("enabled").asBoolean()).isFalse();
            assertThat(list.get(0).has("ha1Md5") || list.toString().contains("ha1")).isFalse();

            CliRun removed = CliRun.run(s, null, "extension", "remove", "1001");
            assertThat(removed.exitCode()).isZero();
            assertThat(JSON.readTree(CliRun.run(s, null, "extension", "list", "--json").out())).isEmpty();

            JsonNode changes = JSON.readTree(CliRun.run(s, null, "audit", "list", "--type", "CONFIG_CHANGED", "--json").out());
            assertThat(changes).hasSize(3);
            assertThat(changes.get(0).get("details").get("action").asText()).isEqualTo("remove");
            assertThat(changes.get(1).get("details").get("before").get("name").asText()).isEqualTo("Alice Example");
            assertThat(changes.get(1).get("details").get("after").get("name").asText()).isEqualTo("Alice Renamed");
            assertThat(changes.get(2).get("actor").asText()).startsWith("cli:");
            assertThat(changes.toString()).doesNotContain("pa55word-alice");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void thePasswordIsStoredOnlyAsDigestHashes(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            assertThat(CliRun.run(db.settings(), "unique-secret-42\n", "extension", "add", "1002", "--name", "Bob",
                    "--password-stdin").exitCode()).isZero();
            String row = db.queryString("SELECT CONCAT(number, '|', display_name, '|', ha1_md5, '|', ha1_sha256) FROM extension");
            assertThat(row).startsWith("1002|Bob|").doesNotContain("unique-secret-42");
            assertThat(row.split("\\|")[3]).hasSize(64);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void badInputNamesTheFieldAndChangesNothing(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            DbSettings s = db.settings();
            CliRun badNumber = CliRun.run(s, "long-enough-pw\n", "extension", "add", "12ab", "--name", "X", "--password-stdin");
            assertThat(badNumber.exitCode()).isEqualTo(2);
            assertThat(badNumber.err()).contains("number:");

            CliRun noPassword = CliRun.run(s, null, "extension", "add", "1003", "--name", "X");
            assertThat(noPassword.exitCode()).isEqualTo(2);
            assertThat(noPassword.err()).contains("password:");

            CliRun shortPassword = CliRun.run(s, null, "extension", "add", "1003", "--name", "X", "--password", "short");
            assertThat(shortPassword.err()).contains("password: at least 8");

            CliRun noProfile = CliRun.run(s, "long-enough-pw\n", "extension", "add", "1003", "--name", "X", "--profile", "ghost",
                    "--password-stdin");
            assertThat(noProfile.exitCode()).isEqualTo(2);
            assertThat(noProfile.err()).contains("profile:").contains("ghost");

            CliRun badRights = CliRun.run(s, null, "profile", "add", "sales", "--rights", "voice,teleport");
            assertThat(badRights.exitCode()).isEqualTo(2);
            assertThat(badRights.err()).contains("rights:").contains("teleport");

            CliRun missing = CliRun.run(s, null, "extension", "remove", "4040");
            assertThat(missing.exitCode()).isEqualTo(1);
            assertThat(missing.err()).contains("4040").contains("does not exist");

            CliRun badSince = CliRun.run(s, null, "audit", "list", "--since", "yesterday-ish");
            assertThat(badSince.exitCode()).isEqualTo(2);
            assertThat(badSince.err()).contains("since:");

            CliRun unknownOption = CliRun.run(s, null, "extension", "add", "1003", "--name", "X", "--colour", "red");
            assertThat(unknownOption.exitCode()).isEqualTo(2);
            assertThat(unknownOption.err()).contains("--colour");

            assertThat(JSON.readTree(CliRun.run(s, null, "extension", "list", "--json").out())).isEmpty();
            assertThat(JSON.readTree(CliRun.run(s, null, "audit", "list", "--json").out())).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void profilesAndTheDefault(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            DbSettings s = db.settings();
            assertThat(CliRun.run(s, null, "profile", "add", "sales", "--rights", "voice,chat,external-out").exitCode()).isZero();
            assertThat(CliRun.run(s, null, "profile", "set", "sales", "--rights", "voice").exitCode()).isZero();
            JsonNode profiles = JSON.readTree(CliRun.run(s, null, "profile", "list", "--json").out());
            assertThat(profiles.findValuesAsText("name")).containsExactlyInAnyOrder("default", "sales");
            JsonNode sales = profiles.get(profiles.get(0).get("name").asText().equals("sales") ? 0 : 1);
            assertThat(sales.get("rights").toString()).isEqualTo("[\"voice\"]");
            assertThat(CliRun.run(s, "long-enough-pw\n", "extension", "add", "1004", "--name", "Sam", "--profile", "sales",
                    "--password-stdin").exitCode()).isZero();
            assertThat(CliRun.run(s, null, "profile", "list").out()).contains("default").contains("voice,video,chat,file-transfer");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void auditListTakesSeveralTypes(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            DbSettings s = db.settings();
            AuditLog log = new AuditLog(db.database(), Clock.systemUTC());
            log.record(new AuditEvent(AuditType.LOGON_FAILED, "2001", "2001", "192.0.2.7:5060", Map.of()));
            log.record(new AuditEvent(AuditType.LOGON, "2002", "2002", "192.0.2.8:5060", Map.of()));
            log.record(new AuditEvent(AuditType.LOCKED_OUT, "system", "2001", "192.0.2.7", Map.of()));
            log.record(new AuditEvent(AuditType.CONFIG_CHANGED, "cli:root", "extension:2001", null, Map.of()));

            JsonNode repeated = JSON.readTree(CliRun.run(s, null, "audit", "list", "--type", "LOGON_FAILED", "--type", "LOCKED_OUT",
                    "--json").out());
            assertThat(repeated.findValuesAsText("seq")).containsExactly("3", "1");
            JsonNode commas = JSON.readTree(CliRun.run(s, null, "audit", "list", "--type", "locked-out,LOGON_FAILED", "--json").out());
            assertThat(commas).isEqualTo(repeated);

            CliRun badType = CliRun.run(s, null, "audit", "list", "--type", "LOGON,HACKED");
            assertThat(badType.exitCode()).isEqualTo(2);
            assertThat(badType.err()).contains("type:").contains("HACKED");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void auditVerifyNamesTheTamperedEntry(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            DbSettings s = db.settings();
            for (String n : new String[] {"2001", "2002", "2003"}) {
                CliRun.run(s, "long-enough-pw\n", "extension", "add", n, "--name", "User " + n, "--password-stdin");
            }
            CliRun ok = CliRun.run(s, null, "audit", "verify");
            assertThat(ok.exitCode()).isZero();
            assertThat(ok.out()).contains("intact").contains("3 entries");

            db.execute("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2");
            CliRun tampered = CliRun.run(s, null, "audit", "verify");
            assertThat(tampered.exitCode()).isEqualTo(1);
            assertThat(tampered.out()).contains("TAMPERED").contains("first bad entry: 2");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void importAddsAllOrNothing(TestDb kind, @TempDir Path dir) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            Path good = dir.resolve("staff.csv");
            Files.writeString(good, "number,name,department,password\n3001,Ann,Sales,password-3001\n3002,\"Ben, Jr\",,password-3002\n");
            CliRun imported = CliRun.run(db.settings(), null, "extension", "import", good.toString());
            assertThat(imported.exitCode()).as(imported.err()).isZero();
            assertThat(imported.out()).contains("imported 2");

            Path bad = dir.resolve("bad.csv");
            Files.writeString(bad, "number,name,password\n3003,Cid,password-3003\nabc,Dee,password-abc\n");
            CliRun refused = CliRun.run(db.settings(), null, "extension", "import", bad.toString());
            assertThat(refused.exitCode()).isEqualTo(2);
            assertThat(refused.err()).contains("line 3").contains("number:");
            JsonNode list = JSON.readTree(CliRun.run(db.settings(), null, "extension", "list", "--json").out());
            assertThat(list.findValuesAsText("number")).containsExactlyInAnyOrder("3001", "3002");
            assertThat(list.findValuesAsText("name")).contains("Ben, Jr");
        }
    }
}
