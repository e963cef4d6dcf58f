package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.account.PasswordHasher;
import org.palisade.db.DbSettings;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.server.testing.CliRun;

/** admin-user add, list, disable, enable, set-password and remove as an operator runs them. */
class AdminUserCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "First-Admin-Password-8";

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void theWholeLifeOfAnAccountIsStoredHashedAndAudited(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            DbSettings s = db.settings();
            CliRun added = CliRun.run(s, PASSWORD + "\n", "admin-user", "add", "Alice", "--role", "admin", "--password-stdin");
            assertThat(added.exitCode()).as(added.err()).isZero();
            assertThat(added.out()).contains("NAME", "ROLE", "alice", "admin", "true").doesNotContain(PASSWORD, "pbkdf2");
            String hash = db.queryString("SELECT password_hash FROM admin_user WHERE name = 'alice'");
            assertThat(hash).startsWith("pbkdf2-sha256$600000$");
            assertThat(new PasswordHasher().verify(PASSWORD.toCharArray(), hash)).isTrue();
            CliRun bob = CliRun.run(s, null, "admin-user", "add", "bob", "--role", "FINANCE", "--password", "Bob-Password-Long-9");
            assertThat(bob.exitCode()).as(bob.err()).isZero();

            JsonNode list = JSON.readTree(CliRun.run(s, null, "admin-user", "list", "--json").out());
            assertThat(list.findValuesAsText("name")).containsExactly("alice", "bob");
            assertThat(list.get(1).get("role").asText()).isEqualTo("finance");
            assertThat(list.toString()).doesNotContain("pbkdf2", "hash");

            assertThat(CliRun.run(s, null, "admin-user", "disable", "bob").out()).contains("disabled admin user bob");
            assertThat(JSON.readTree(CliRun.run(s, null, "admin-user", "list", "--json").out()).get(1).get("enabled").asBoolean()).isFalse();
            assertThat(CliRun.run(s, null, "admin-user", "enable", "BOB").exitCode()).isZero();
            CliRun newPassword = CliRun.run(s, "Bob-New-Password-10\n", "admin-user", "set-password", "bob", "--password-stdin");
            assertThat(newPassword.exitCode()).as(newPassword.err()).isZero();
            assertThat(new PasswordHasher().verify("Bob-New-Password-10".toCharArray(),
                    db.queryString("SELECT password_hash FROM admin_user WHERE name = 'bob'"))).isTrue();
            assertThat(CliRun.run(s, null, "admin-user", "remove", "bob").out()).contains("removed admin user bob");
            assertThat(CliRun.run(s, null, "admin-user", "list").out()).contains("alice").doesNotContain("bob");

            JsonNode changes = JSON.readTree(CliRun.run(s, null, "audit", "list", "--type", "CONFIG_CHANGED", "--json").out());
            assertThat(changes).hasSize(6);
            assertThat(changes.findValuesAsText("subject")).containsOnly("admin-user:alice", "admin-user:bob");
            assertThat(changes.get(0).get("actor").asText()).startsWith("cli:");
            assertThat(changes.get(1).get("details").get("after").get("password").asText()).isEqualTo("changed");
            assertThat(changes.toString()).doesNotContain(PASSWORD, "Bob-New-Password-10", "pbkdf2");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void badInputExitsTwoNamingTheFieldAndFailuresExitOne(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            DbSettings s = db.settings();
            assertThat(CliRun.run(s, null, "admin-user", "add", "alice", "--role", "admin", "--password", PASSWORD).exitCode()).isZero();
            String[][] bad = {
                {"role:", "admin-user", "add", "carl", "--role", "root", "--password", PASSWORD},
                {"password:", "admin-user", "add", "carl", "--role", "auditor", "--password", "short"},
                {"password:", "admin-user", "add", "carl", "--role", "auditor"},
                {"password:", "admin-user", "add", "carl", "--role", "auditor", "--password", PASSWORD, "--password-stdin"},
                {"name:", "admin-user", "add", "carl smith", "--role", "auditor", "--password", PASSWORD},
                {"--role", "admin-user", "add", "carl", "--password", PASSWORD},
                {"password:", "admin-user", "set-password", "alice", "--password", "short"},
            };
            for (String[] c : bad) {
                CliRun run = CliRun.run(s, null, Arrays.copyOfRange(c, 1, c.length));
                assertThat(run.exitCode()).as(String.join(" ", c) + ": " + run.err()).isEqualTo(2);
                assertThat(run.err()).as(String.join(" ", c)).contains(c[0]);
            }
            String[][] failing = {
                {"already exists", "admin-user", "add", "ALICE", "--role", "auditor", "--password", PASSWORD},
                {"does not exist", "admin-user", "disable", "ghost"},
                {"does not exist", "admin-user", "remove", "ghost"},
                {"last enabled admin", "admin-user", "remove", "alice"},
                {"last enabled admin", "admin-user", "disable", "alice"},
            };
            for (String[] c : failing) {
                CliRun run = CliRun.run(s, null, Arrays.copyOfRange(c, 1, c.length));
                assertThat(run.exitCode()).as(String.join(" ", c) + ": " + run.err()).isEqualTo(1);
                assertThat(run.err()).as(String.join(" ", c)).contains(c[0]);
            }
            assertThat(JSON.readTree(CliRun.run(s, null, "admin-user", "list", "--json").out())).hasSize(1);
            assertThat(JSON.readTree(CliRun.run(s, null, "audit", "list", "--json").out())).as("only the first add").hasSize(1);
        }
    }
}
