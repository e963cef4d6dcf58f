package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.db.DbSettings;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.pbx.secret.SecretBox;
import org.palisade.server.testing.CliRun;

/** Trunks, routes and DIDs from the admin's command line against a real database: what is stored, shown and audited. */
class TrunkCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = SecretBox.generateKey();
    private static final String PASSWORD = "Trunk-Pa55word-7f3e";
    private static final String NEW_PASSWORD = "Second-Trunk-Secret-91";

    /** The CLI with the secret key and Germany as the default country. */
    private static CliRun pbx(DbSettings s, String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-D", "secrets.key=" + KEY, "-D", "pbx.default-country=DE"));
        return CliRun.run(s, stdin, all.toArray(String[]::new));
    }

    private static JsonNode json(CliRun run) throws Exception {
        assertThat(run.exitCode()).as(run.err()).isZero();
        return JSON.readTree(run.out());
    }

    private static void ok(CliRun run) {
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    private static void refused(CliRun run, int exit, String... inErr) {
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(exit);
        assertThat(run.err()).contains(inErr);
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void trunkLifecycleNeverShowsThePassword(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            DbSettings s = db.settings();
            ok(pbx(s, null, "trunk", "add", "pbx-static", "--peer", "192.0.2.10"));
            CliRun added = pbx(s, PASSWORD + "\n", "trunk", "add", "PBX-Reg", "--peer", "pbx.example.com:5070", "--transport", "tcp",
                    "--register", "--username", "palisade", "--password-stdin", "--max-calls", "30", "--priority", "10");
            ok(added);
            assertThat(added.out()).contains("pbx-reg", "pbx.example.com:5070", "tcp", "palisade", "set").doesNotContain(PASSWORD);

            String sealed = db.queryString("SELECT password_sealed FROM trunk WHERE name = 'pbx-reg'");
            assertThat(sealed).startsWith("v1:").doesNotContain(PASSWORD);
            assertThat(SecretBox.fromKey(KEY).open("trunk:pbx-reg", sealed)).containsExactly(PASSWORD.toCharArray());
            assertThat(db.queryString("SELECT password_sealed FROM trunk WHERE name = 'pbx-static'")).isNull();

            JsonNode list = json(pbx(s, null, "trunk", "list", "--json"));
            assertThat(list.findValuesAsText("name")).containsExactly("pbx-reg", "pbx-static");
            JsonNode reg = list.get(0);
            assertThat(reg.get("peer").asText()).isEqualTo("pbx.example.com:5070");
            assertThat(reg.get("register").asBoolean()).isTrue();
            assertThat(reg.get("password").asText()).isEqualTo("set");
            assertThat(reg.get("maxCalls").asInt()).isEqualTo(30);
            assertThat(list.get(1).get("password").isNull()).isTrue();
            CliRun table = pbx(s, null, "trunk", "list");
            ok(table);
            assertThat(table.out()).contains("PBX-STATIC".toLowerCase(), "192.0.2.10", "udp");
            for (String shown : new String[] {list.toString(), table.out()}) {
                assertThat(shown).doesNotContain(PASSWORD, sealed, "v1:");
            }

            ok(pbx(s, NEW_PASSWORD + "\n", "trunk", "set", "pbx-reg", "--password-stdin", "--disable", "--transport", "tls"));
            String resealed = db.queryString("SELECT password_sealed FROM trunk WHERE name = 'pbx-reg'");
            assertThat(SecretBox.fromKey(KEY).open("trunk:pbx-reg", resealed)).containsExactly(NEW_PASSWORD.toCharArray());
            JsonNode after = json(pbx(s, null, "trunk", "list", "--json")).get(0);
            assertThat(after.get("enabled").asBoolean()).isFalse();
            assertThat(after.get("transport").asText()).isEqualTo("tls");

            ok(pbx(s, null, "trunk", "remove", "pbx-static"));
            assertThat(json(pbx(s, null, "trunk", "list", "--json")).findValuesAsText("name")).containsExactly("pbx-reg");

            JsonNode audit = json(pbx(s, null, "audit", "list", "--type", "CONFIG_CHANGED", "--json"));
            assertThat(audit.findValuesAsText("subject")).containsExactly("trunk:pbx-static", "trunk:pbx-reg", "trunk:pbx-reg",
                    "trunk:pbx-static");
            assertThat(audit.get(1).get("details").get("after").get("password").asText()).isEqualTo("changed");
            assertThat(audit.get(1).get("details").get("before").get("password").asText()).isEqualTo("set");
            assertThat(audit.get(2).get("details").get("after").get("password").asText()).isEqualTo("set");
            assertThat(audit.toString()).doesNotContain(PASSWORD, NEW_PASSWORD, sealed, resealed, "v1:");
            assertThat(pbx(s, null, "audit", "verify").exitCode()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aPasswordWithoutAKeyIsRefusedNamingTheSetting(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            DbSettings s = db.settings();
            CliRun noKey = CliRun.run(s, PASSWORD + "\n", "trunk", "add", "pbx", "--peer", "192.0.2.10", "--register", "--username", "u",
                    "--password-stdin");
            refused(noKey, 2, "secrets.key", "palisade secrets generate-key");
            assertThat(noKey.err()).doesNotContain(PASSWORD);
            CliRun shortKey = CliRun.run(s, PASSWORD + "\n", "-D", "secrets.key=" + Base64.getEncoder().encodeToString(new byte[16]),
                    "trunk", "add", "pbx", "--peer", "192.0.2.10", "--username", "u", "--password-stdin");
            refused(shortKey, 2, "secrets.key: must be 32 bytes");
            assertThat(db.queryString("SELECT COUNT(*) FROM trunk")).isEqualTo("0");

            // a trunk without a password needs no key
            ok(CliRun.run(s, null, "trunk", "add", "pbx", "--peer", "192.0.2.10"));
            assertThat(json(CliRun.run(s, null, "trunk", "list", "--json"))).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void badInputNamesTheFieldAndChangesNothing(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            DbSettings s = db.settings();
            refused(pbx(s, null, "trunk", "add", "pbx", "--peer", "pbx example"), 2, "peer:");
            refused(pbx(s, null, "trunk", "add", "pbx", "--peer", "192.0.2.10:70000"), 2, "peer:");
            refused(pbx(s, null, "trunk", "add", "pbx", "--peer", "192.0.2.10", "--transport", "sctp"), 2, "transport:");
            refused(pbx(s, null, "trunk", "add", "pbx", "--peer", "192.0.2.10", "--register"), 2, "username:");
            refused(pbx(s, null, "trunk", "add", "pbx", "--peer", "192.0.2.10", "--register", "--username", "u"), 2, "password:");
            refused(pbx(s, null, "trunk", "add", "pbx", "--peer", "192.0.2.10", "--max-calls", "-1"), 2, "maxCalls:");
            refused(pbx(s, null, "trunk", "add", "p bx", "--peer", "192.0.2.10"), 2, "name:");
            refused(pbx(s, null, "trunk", "add", "pbx"), 2, "--peer");
            refused(pbx(s, null, "route", "add", "r", "--prefix", "+49", "--trunk", "ghost"), 2, "trunk: 'ghost' does not exist");
            refused(pbx(s, null, "route", "add", "r", "--prefix", "+49", "--regex", ".*", "--trunk", "ghost"), 2, "pattern:");
            refused(pbx(s, null, "route", "add", "r", "--regex", "(+49", "--trunk", "ghost"), 2, "regex:");
            refused(pbx(s, null, "route", "add", "r", "--prefix", "+49a", "--trunk", "ghost"), 2, "prefix:");
            refused(pbx(s, null, "did", "add", "hello", "--extension", "1001"), 2, "number:");
            refused(pbx(s, null, "did", "add", "030 1234567", "--extension", "4040"), 2, "extension: '4040' does not exist");
            refused(CliRun.run(s, null, "-D", "pbx.default-country=XX", "did", "add", "030 1234567", "--extension", "1001"), 2,
                    "pbx.default-country:");

            refused(pbx(s, null, "trunk", "remove", "ghost"), 1, "trunk ghost does not exist");
            refused(pbx(s, null, "route", "remove", "ghost"), 1, "route ghost does not exist");
            refused(pbx(s, null, "did", "remove", "+49301234567"), 1, "does not exist");
            refused(pbx(s, null, "trunk", "set", "ghost", "--priority", "1"), 1, "does not exist");
            refused(pbx(s, null, "trunk", "set", "ghost"), 2, "nothing to change");

            assertThat(json(pbx(s, null, "trunk", "list", "--json"))).isEmpty();
            assertThat(json(pbx(s, null, "audit", "list", "--json"))).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void routesFormAnOrderedDialPlanThatProtectsItsTrunks(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            DbSettings s = db.settings();
            ok(pbx(s, null, "trunk", "add", "pbx", "--peer", "192.0.2.10"));
            ok(pbx(s, null, "trunk", "add", "carrier", "--peer", "192.0.2.20"));
            refused(pbx(s, null, "trunk", "add", "PBX", "--peer", "192.0.2.11"), 1, "trunk pbx already exists");

            ok(pbx(s, null, "route", "add", "berlin", "--prefix", "+4930", "--strip", "3", "--prepend", "0", "--trunk", "pbx"));
            ok(pbx(s, null, "route", "add", "world", "--prefix", "+", "--trunk", "carrier", "--trunk", "pbx"));
            ok(pbx(s, null, "route", "add", "emergency", "--regex", "11[02]", "--trunk", "pbx,carrier", "--position", "1"));
            refused(pbx(s, null, "route", "add", "world", "--prefix", "+1", "--trunk", "pbx"), 1, "route world already exists");
            refused(pbx(s, null, "route", "add", "late", "--prefix", "+1", "--trunk", "pbx", "--position", "9"), 2, "position: 1 to 4");

            JsonNode routes = json(pbx(s, null, "route", "list", "--json"));
            assertThat(routes.findValuesAsText("name")).containsExactly("emergency", "berlin", "world");
            assertThat(routes.get(2).get("trunks").toString()).isEqualTo("[\"carrier\",\"pbx\"]");
            assertThat(routes.get(0).get("kind").asText()).isEqualTo("regex");
            assertThat(pbx(s, null, "route", "list").out()).contains("prefix +4930", "carrier,pbx");

            JsonNode berlin = json(pbx(s, null, "route", "test", "030 1234567", "--json"));
            assertThat(berlin.get("number").asText()).isEqualTo("+49301234567");
            assertThat(berlin.get("route").asText()).isEqualTo("berlin");
            assertThat(berlin.get("send").asText()).isEqualTo("0301234567");
            ok(pbx(s, null, "trunk", "set", "carrier", "--disable"));
            CliRun abroad = pbx(s, null, "route", "test", "0044 20 7946 0000");
            ok(abroad);
            assertThat(abroad.out()).contains("+442079460000", "world").containsPattern("trunks +pbx\\s*$");
            refused(pbx(s, null, "route", "test", "0"), 2, "number:");
            assertThat(pbx(s, null, "route", "test", "*21#").exitCode()).as("no route for service codes").isEqualTo(1);

            refused(pbx(s, null, "trunk", "remove", "carrier"), 1, "used by route", "world");
            ok(pbx(s, null, "route", "remove", "world"));
            ok(pbx(s, null, "route", "remove", "emergency"));
            ok(pbx(s, null, "trunk", "remove", "carrier"));
            assertThat(json(pbx(s, null, "route", "list", "--json")).get(0).get("position").asInt()).isEqualTo(1);

            JsonNode audit = json(pbx(s, null, "audit", "list", "--type", "CONFIG_CHANGED", "--json"));
            List<String> subjects = audit.findValuesAsText("subject");
            assertThat(subjects).filteredOn(x -> x.startsWith("route:")).hasSize(5);
            assertThat(subjects).filteredOn(x -> x.startsWith("trunk:")).hasSize(4);
            JsonNode emergencyAdded = audit.get(subjects.lastIndexOf("route:emergency")).get("details");
            assertThat(emergencyAdded.get("after").get("regex").asText()).isEqualTo("11[02]");
            assertThat(emergencyAdded.get("after").get("trunks").toString()).isEqualTo("[\"pbx\",\"carrier\"]");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void didsAreStoredInE164AndPointAtExtensions(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            DbSettings s = db.settings();
            ok(CliRun.run(s, "long-enough-pw\n", "extension", "add", "1001", "--name", "Reception", "--password-stdin"));
            ok(pbx(s, null, "did", "add", "030 1234567", "--extension", "1001"));
            ok(pbx(s, null, "did", "add", "+49 30 1234500", "--extension", "1001"));
            refused(pbx(s, null, "did", "add", "+49301234567", "--extension", "1001"), 1, "did +49301234567 already exists");
            refused(CliRun.run(s, null, "did", "add", "030 1234599", "--extension", "1001"), 2, "number:", "+E.164");

            JsonNode dids = json(pbx(s, null, "did", "list", "--json"));
            assertThat(dids.findValuesAsText("number")).containsExactly("+49301234500", "+49301234567");
            assertThat(dids.findValuesAsText("extension")).containsOnly("1001");
            assertThat(pbx(s, null, "did", "list").out()).contains("+49301234567");

            CliRun removed = pbx(s, null, "did", "remove", "030/1234567");
            ok(removed);
            assertThat(removed.out()).contains("+49301234567");
            assertThat(json(pbx(s, null, "did", "list", "--json")).findValuesAsText("number")).containsExactly("+49301234500");

            JsonNode audit = json(pbx(s, null, "audit", "list", "--type", "CONFIG_CHANGED", "--json"));
            assertThat(audit.findValuesAsText("subject")).containsExactly("did:+49301234567", "did:+49301234500", "did:+49301234567",
                    "extension:1001");
            assertThat(audit.get(2).get("details").get("after").get("extension").asText()).isEqualTo("1001");

            // the same through the extension: its number presented on calls out, and ringing it from outside
            ok(pbx(s, null, "extension", "set", "1001", "--did", "030 1234599"));
            assertThat(json(pbx(s, null, "did", "list", "--json")).findValuesAsText("number")).contains("+49301234599");
            refused(pbx(s, null, "extension", "set", "4040", "--did", "030 1234598"), 2, "extension: '4040' does not exist");
        }
    }

    @Test
    void generateKeyPrintsAUsableKeyAndNothingElseOnStandardOutput() {
        CliRun run = CliRun.raw(Map.of(), null, "secrets", "generate-key");
        ok(run);
        String key = run.out().trim();
        assertThat(Base64.getDecoder().decode(key)).hasSize(32);
        assertThat(run.err()).contains("secrets.key");
        SecretBox box = SecretBox.fromKey(key);
        assertThat(box.open("x", box.seal("x", "pw".toCharArray()))).containsExactly('p', 'w');
        assertThat(CliRun.raw(Map.of(), null, "secrets", "generate-key").out().trim()).isNotEqualTo(key);
    }
}
