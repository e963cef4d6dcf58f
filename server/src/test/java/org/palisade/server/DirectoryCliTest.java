package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.db.DbSettings;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.directory.testing.TestAd;
import org.palisade.pbx.secret.SecretBox;
import org.palisade.server.testing.CliRun;
import org.palisade.server.testing.Processes;
import org.palisade.server.testing.TestPhone;
import org.palisade.server.testing.TestServer;

/**
 * {@code palisade directory ...} against an Active Directory stand-in and a real database: errors
 * that name the field, a bind password that is never shown, a dry run that changes nothing, and
 * the scheduled sync inside {@code serve}.
 */
class DirectoryCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = SecretBox.generateKey();

    private static CliRun dir(DbSettings s, String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("directory"));
        all.addAll(List.of(args));
        all.addAll(List.of("-D", "secrets.key=" + KEY));
        return CliRun.run(s, stdin, all.toArray(String[]::new));
    }

    private static JsonNode json(CliRun run) throws Exception {
        ok(run);
        return JSON.readTree(run.out());
    }

    private static void ok(CliRun run) {
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    }

    private static void refused(CliRun run, int exit, String... inErr) {
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(exit);
        assertThat(run.err()).contains(inErr);
    }

    @Test
    void badInputIsRefusedNamingTheField() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDb.H2)) {
            DbSettings s = db.settings();
            refused(dir(s, null, "configure", "--url", "htp://dc1.example.com", "--bind-dn", "cn=svc,dc=example,dc=com",
                    "--bind-password", "x", "--base-dn", "dc=example,dc=com"), 2, "error: url:");
            refused(dir(s, null, "configure", "--url", "ldap://192.0.2.1", "--bind-dn", "cn=svc,dc=example,dc=com",
                    "--bind-password", "x", "--base-dn", "dc=example,dc=com"), 2, "error: url: 192.0.2.1 is not loopback");
            refused(dir(s, "pw\n", "configure", "--url", "ldaps://192.0.2.1", "--bind-dn", "cn=svc,dc=example,dc=com",
                    "--bind-password", "x", "--bind-password-stdin", "--base-dn", "dc=example,dc=com"), 2, "error: bind-password:");
            refused(dir(s, null, "configure", "--url", "ldaps://192.0.2.1", "--bind-dn", "svc", "--bind-password", "x",
                    "--base-dn", "dc=example,dc=com"), 2, "error: bind-dn:");
            refused(dir(s, null, "configure", "--url", "ldaps://192.0.2.1", "--bind-dn", "cn=svc,dc=example,dc=com",
                    "--bind-password", "x", "--base-dn", "dc=example,dc=com", "--map", "phone=ipPhone"), 2, "error: map:");
            refused(dir(s, null, "configure", "--url", "ldaps://192.0.2.1"), 2,
                    "error: bind-dn: required when the directory is first configured");
            CliRun noKey = CliRun.run(s, null, "directory", "configure", "--url", "ldaps://192.0.2.1", "--bind-dn", "cn=svc,dc=example,dc=com",
                    "--bind-password", "x", "--base-dn", "dc=example,dc=com");
            refused(noKey, 2, "error: secrets.key: not set; the directory's bind password");
            refused(dir(s, null, "map-group", "cn=g,dc=example,dc=com", "--profile", "default", "--role", "admin"), 2, "mutually exclusive");
            refused(dir(s, null, "map-group", "cn=g,dc=example,dc=com", "--role", "root"), 2, "error: role:");
            refused(dir(s, null, "unmap-group", "cn=g,dc=example,dc=com"), 1, "not mapped");
            refused(dir(s, null, "sync"), 1, "error: directory: not configured");
            assertThat(dir(s, null, "status").out()).contains("not configured");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void configureMapDryRunSyncAndStatus(TestDb kind) throws Exception {
        String password = TestAd.SERVICE_PASSWORD;
        try (TestAd ad = TestAd.start(null); TestDatabase db = TestDatabase.create(kind)) {
            DbSettings s = db.settings();
            for (int i = 1; i <= 6; i++) {
                ad.person("staff" + i, "Staff Member " + i).ipPhone("70" + i).department("Ops").add();
            }
            ad.addGroup("ops-leads");
            ad.addMember("ops-leads", TestAd.personDn("staff1"));
            ok(CliRun.run(s, null, "profile", "add", "leads", "--rights", "voice,video,chat,external-out"));

            CliRun configured = dir(s, password + "\n", "configure", "--url", ad.url(), "--bind-dn", TestAd.SERVICE_DN,
                    "--bind-password-stdin", "--base-dn", TestAd.BASE, "--flavor", "ad", "--schedule", "30m", "--max-disable-percent", "40");
            ok(configured);
            ok(dir(s, null, "map-group", TestAd.groupDn("ops-leads"), "--profile", "leads", "--rank", "5"));
            ok(dir(s, null, "map-group", TestAd.groupDn("ops-leads"), "--role", "auditor"));
            CliRun status = dir(s, null, "status");
            ok(status);
            JsonNode st = json(dir(s, null, "status", "--json"));
            assertThat(st.get("configured").asBoolean()).isTrue();
            assertThat(st.at("/settings/bindPassword").asText()).isEqualTo("set");
            assertThat(st.at("/settings/maxDisablePercent").asInt()).isEqualTo(40);
            assertThat(st.at("/settings/effectiveUserFilter").asText()).isEqualTo("(sAMAccountType=805306368)");
            assertThat(st.get("mappings")).hasSize(2);
            assertThat(st.get("lastRun").isNull()).isTrue();
            String sealed = db.queryString("SELECT bind_password_sealed FROM directory_settings");
            assertThat(SecretBox.fromKey(KEY).open("directory:bind", sealed)).containsExactly(password.toCharArray());
            CliRun audit = CliRun.run(s, null, "audit", "list", "--type", "CONFIG_CHANGED", "--json");
            for (String shown : new String[] {configured.out(), status.out(), st.toString(), audit.out()}) {
                assertThat(shown).doesNotContain(password, sealed, "v1:");
            }
            assertThat(audit.out()).contains("directory:settings", "directory-group:cn=ops-leads,ou=groups,dc=example,dc=com");

            // the dry run prints the plan and changes nothing: no extension, no stored status, no audit entry
            CliRun dry = dir(s, null, "sync", "--dry-run");
            ok(dry);
            assertThat(dry.out()).contains("create 701 (staff1): name 'Staff Member 1', department 'Ops', profile 'leads'",
                    "create 706 (staff6)", "dry run, nothing changed: ok");
            assertThat(CliRun.run(s, null, "extension", "list", "--json").out().trim()).isEqualTo("[ ]");
            assertThat(json(dir(s, null, "status", "--json")).get("lastRun").isNull()).isTrue();
            assertThat(CliRun.run(s, null, "audit", "list", "--type", "DIRECTORY_SYNC").out()).doesNotContain("DIRECTORY_SYNC");

            JsonNode run = json(dir(s, null, "sync", "--json"));
            assertThat(run.get("result").asText()).isEqualTo("ok");
            assertThat(run.get("created").asInt()).isEqualTo(6);
            assertThat(run.get("changes")).hasSize(6);
            JsonNode last = json(dir(s, null, "status", "--json")).get("lastRun");
            assertThat(last.get("result").asText()).isEqualTo("ok");
            assertThat(last.get("trigger").asText()).startsWith("cli:");
            assertThat(dir(s, null, "status").out()).contains("last sync:", "ok at", "6 created", "managed extensions: 6 (6 enabled)");
            assertThat(CliRun.run(s, null, "extension", "list").out()).contains("701", "Staff Member 1", "leads");
            assertThat(CliRun.run(s, null, "audit", "list", "--type", "DIRECTORY_SYNC").out()).contains("DIRECTORY_SYNC", "directory");

            // 3 of 6 leave: more than 40%, so the run stops and says why (exit 1); --force makes it
            for (int i = 4; i <= 6; i++) {
                ad.delete(TestAd.personDn("staff" + i));
            }
            CliRun guarded = dir(s, null, "sync");
            refused(guarded, 1, "would disable 3 of 6", "--force");
            assertThat(CliRun.run(s, null, "extension", "list", "--json").out()).doesNotContain("\"enabled\" : false");
            CliRun dryGuard = dir(s, null, "sync", "--dry-run");
            assertThat(dryGuard.exitCode()).as("a dry run reports the guard without failing").isZero();
            assertThat(dryGuard.out()).contains("disable 704", "guarded");
            ok(dir(s, null, "sync", "--force"));
            assertThat(json(dir(s, null, "status", "--json")).at("/lastRun/forced").asBoolean()).isTrue();

            // the directory goes away: exit 1, nothing changes, status says failed
            ad.close();
            CliRun down = dir(s, null, "sync");
            refused(down, 1, "cannot reach the directory");
            JsonNode failed = json(dir(s, null, "status", "--json")).get("lastRun");
            assertThat(failed.get("result").asText()).isEqualTo("failed");
            assertThat(failed.get("error").asText()).contains("cannot reach");

            ok(dir(s, null, "unmap-group", "CN=ops-leads,OU=Groups,DC=example,DC=com"));
            assertThat(json(dir(s, null, "status", "--json")).get("mappings")).isEmpty();
        }
    }

    @Test
    void serveRunsTheScheduledSync(@TempDir Path data) throws Exception {
        try (TestAd ad = TestAd.start(null)) {
            ad.person("served1", "Served One").ipPhone("801").add();
            ad.person("served2", "Served Two").ipPhone("802").add();
            String[] where = {"--data-dir", data.toString(), "--domain", TestServer.DOMAIN, "-D", "secrets.key=" + KEY};
            ok(CliRun.raw(Map.of(), TestAd.SERVICE_PASSWORD + "\n", concat(new String[] {"directory", "configure", "--url", ad.url(),
                    "--bind-dn", TestAd.SERVICE_DN, "--bind-password-stdin", "--base-dn", TestAd.BASE, "--schedule", "1h"}, where)));
            int port = TestPhone.freeUdpPort();
            Process serve = Processes.palisade(concat(new String[] {"serve", "--sip-address", "127.0.0.1", "--sip-port",
                    Integer.toString(port), "-D", "relay.anchor=none", "--http-port", "0"}, where));
            try {
                Processes.awaitLine(serve, "Palisade serving");
                JsonNode last = null;
                long deadline = System.currentTimeMillis() + 60_000;
                while (System.currentTimeMillis() < deadline) {
                    last = json(CliRun.raw(Map.of(), null, concat(new String[] {"directory", "status", "--json"}, where))).get("lastRun");
                    if (!last.isNull()) {
                        break;
                    }
                    Thread.sleep(200);
                }
                assertThat(last).as("serve's first look runs the sync that is due").isNotNull();
                assertThat(last.isNull()).as("no sync within 60 s").isFalse();
                assertThat(last.get("trigger").asText()).isEqualTo("schedule");
                assertThat(last.get("result").asText()).isEqualTo("ok");
                assertThat(last.get("created").asInt()).isEqualTo(2);
                CliRun list = CliRun.raw(Map.of(), null, concat(new String[] {"extension", "list"}, where));
                assertThat(list.out()).contains("801", "Served One", "802");
            } finally {
                serve.destroy();
                assertThat(serve.waitFor(30, TimeUnit.SECONDS)).as("serve stops on SIGTERM").isTrue();
            }
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
