package org.palisade.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.admin.Administration;
import org.palisade.core.directory.DirectorySyncStatus;
import org.palisade.core.extension.Extension;
import org.palisade.core.location.Binding;
import org.palisade.core.rights.ServiceRight;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.directory.testing.Slapd;
import org.palisade.directory.testing.TestSecrets;

/**
 * The OpenLDAP flavor against Debian's real slapd, started here on a loopback port: the whole
 * lifecycle of issue 8, on both databases.
 */
class OpenLdapSyncTest {

    private static final String REALM = "palisade.test";
    private static final TestSecrets SECRETS = new TestSecrets();
    private static final String FILTER = "(&(objectClass=inetOrgPerson)(!(employeeType=former)))";

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void syncRenameRegroupLeaveReturnOutageAndGuard(TestDb kind, @TempDir Path dir) throws Exception {
        try (Slapd slapd = Slapd.create(dir.resolve("slapd")); TestDatabase db = TestDatabase.create(kind)) {
            Clock clock = Clock.systemUTC();
            Administration admin = new Administration(db.database(), REALM, clock);
            DirectoryAdministration directory = new DirectoryAdministration(db.database(), SECRETS, clock);
            DirectorySync sync = new DirectorySync(db.database(), REALM, SECRETS, clock);
            admin.addProfile("cli:test", "sales", EnumSet.of(ServiceRight.VOICE, ServiceRight.CHAT, ServiceRight.EXTERNAL_OUT));
            admin.addProfile("cli:test", "staff", EnumSet.of(ServiceRight.VOICE));

            try (LDAPConnection c = slapd.root()) {
                for (int i = 1; i <= 10; i++) {
                    String uid = String.format("p%02d", i);
                    c.add("dn: " + Slapd.personDn(uid), "objectClass: inetOrgPerson", "uid: " + uid, "cn: Person " + i, "sn: " + i,
                            i == 10 ? "description: no displayName" : "displayName: Person " + i + " Display",
                            "telephoneNumber: +1 555 20" + String.format("%02d", i),
                            i % 2 == 0 ? "departmentNumber: Dept " + i : "ou: Unit " + i, "mail: " + uid + "@example.com",
                            "userPassword: pw-" + uid);
                }
                c.add("dn: " + Slapd.groupDn("sales"), "objectClass: groupOfNames", "cn: sales", "member: " + Slapd.personDn("p01"),
                        "member: " + Slapd.personDn("p02"));
                c.add("dn: " + Slapd.groupDn("staff-all"), "objectClass: groupOfNames", "cn: staff-all", "member: " + Slapd.groupDn("sales"),
                        "member: " + Slapd.personDn("p03"));
                c.add("dn: " + Slapd.groupDn("phone-admins"), "objectClass: groupOfNames", "cn: phone-admins",
                        "member: " + Slapd.groupDn("sales"));
            }
            directory.configure("cli:test", new DirectoryAdministration.Configure(slapd.url(), null, Slapd.SERVICE_DN,
                    Slapd.SERVICE_PASSWORD.toCharArray(), Slapd.SUFFIX, FILTER, "openldap", null, null, "off", null, null, null, "3s", "5s",
                    null));
            directory.mapProfile("cli:test", Slapd.groupDn("sales"), "sales", 10);
            directory.mapProfile("cli:test", Slapd.groupDn("staff-all"), "staff", 50);
            directory.mapRole("cli:test", Slapd.groupDn("phone-admins"), "auditor");

            // first sync: an extension per person, profiles from groups (nested: sales is inside staff-all)
            SyncReport first = sync.run("cli:test", false, false);
            assertThat(first.status().result()).as(String.valueOf(first.status().error())).isEqualTo(DirectorySyncStatus.Result.OK);
            assertThat(first.status().created()).isEqualTo(10);
            Map<String, Extension> ext = extensions(admin);
            assertThat(ext).hasSize(10);
            assertThat(ext.get("15552001").profile()).isEqualTo("sales");
            assertThat(ext.get("15552002").profile()).isEqualTo("sales");
            assertThat(ext.get("15552003").profile()).isEqualTo("staff");
            assertThat(ext.get("15552004").profile()).isEqualTo("default");
            assertThat(ext.get("15552004").name()).isEqualTo("Person 4 Display");
            assertThat(ext.get("15552004").department()).as("departmentNumber").isEqualTo("Dept 4");
            assertThat(ext.get("15552005").department()).as("then ou").isEqualTo("Unit 5");
            assertThat(ext.get("15552010").name()).as("no displayName: cn").isEqualTo("Person 10");
            String key = db.database().inTransaction(tx -> tx.directory().links()).get(0).directoryKey();
            assertThat(key).as("entryUUID").matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
            DirectoryClient client = DirectoryClient.configured(db.database(), SECRETS).orElseThrow();
            Person p02 = client.findByLogin("p02").orElseThrow();
            assertThat(client.rolesFor(p02)).extracting(r -> r.label()).containsExactly("auditor");
            assertThat(client.rolesFor(client.findByLogin("p03").orElseThrow())).isEmpty();
            assertThat(client.passwordMatches(p02, "pw-p02".toCharArray())).isTrue();
            assertThat(client.passwordMatches(p02, "pw-p01".toCharArray())).isFalse();

            // rename: a dry run shows it and changes nothing; the sync then makes it
            modify(slapd, Slapd.personDn("p04"), "displayName", "Person Four Renamed");
            SyncReport dry = sync.run("cli:test", true, false);
            assertThat(dry.plan().changes()).extracting(PlannedChange::describe)
                    .containsExactly("update 15552004 (p04): name 'Person 4 Display' -> 'Person Four Renamed'");
            assertThat(extensions(admin).get("15552004").name()).isEqualTo("Person 4 Display");
            assertThat(db.database().inTransaction(tx -> tx.directory().status()).orElseThrow().startedAtMillis())
                    .as("a dry run stores no status").isEqualTo(first.status().startedAtMillis());
            assertThat(sync.run("cli:test", false, false).status().updated()).isEqualTo(1);
            assertThat(extensions(admin).get("15552004").name()).isEqualTo("Person Four Renamed");
            assertThat(db.queryString("SELECT actor FROM audit_log WHERE subject = 'extension:15552004' ORDER BY seq DESC LIMIT 1"))
                    .isEqualTo("directory");

            // group change: p05 joins sales, p02 leaves it
            try (LDAPConnection c = slapd.root()) {
                c.modify(Slapd.groupDn("sales"), new Modification(ModificationType.ADD, "member", Slapd.personDn("p05")),
                        new Modification(ModificationType.DELETE, "member", Slapd.personDn("p02")));
            }
            SyncReport regroup = sync.run("cli:test", false, false);
            assertThat(regroup.plan().changes()).extracting(PlannedChange::describe).containsExactlyInAnyOrder(
                    "update 15552002 (p02): profile 'sales' -> 'default'", "update 15552005 (p05): profile 'default' -> 'sales'");

            // leaving: p06 falls out of the user filter (its registered phone is dropped), p07 is deleted
            long now = System.currentTimeMillis();
            db.database().inTransaction(tx -> tx.bindings().insert(new Binding(null, "15552006", "sip:15552006@127.0.0.1:5998", null,
                    now + 3_600_000, now, "call-6", 1, "127.0.0.1", 5998, "UDP", "test")));
            modify(slapd, Slapd.personDn("p06"), "employeeType", "former");
            SyncReport left = sync.run("cli:test", false, false);
            assertThat(left.status().disabled()).isEqualTo(1);
            assertThat(extensions(admin).get("15552006").enabled()).isFalse();
            List<Binding> bindings = db.database().inTransaction(tx -> tx.bindings().forAor("15552006"));
            assertThat(bindings).isEmpty();
            try (LDAPConnection c = slapd.root()) {
                c.delete(Slapd.personDn("p07"));
            }
            assertThat(sync.run("cli:test", false, false).status().disabled()).isEqualTo(1);
            assertThat(extensions(admin)).as("never deleted").containsKey("15552007");
            assertThat(extensions(admin).get("15552007").enabled()).isFalse();

            // return: p06 is back in the filter, same entryUUID: enabled again
            try (LDAPConnection c = slapd.root()) {
                c.modify(Slapd.personDn("p06"), new Modification(ModificationType.DELETE, "employeeType"));
            }
            SyncReport back = sync.run("cli:test", false, false);
            assertThat(back.plan().changes()).extracting(PlannedChange::describe)
                    .containsExactly("enable 15552006 (p06): enabled false -> true [back in the directory]");
            assertThat(extensions(admin).get("15552006").enabled()).isTrue();

            // the directory goes down: nothing changes, the status says why
            Map<String, Extension> beforeOutage = extensions(admin);
            slapd.stop();
            SyncReport down = sync.run("schedule", false, false);
            assertThat(down.status().result()).isEqualTo(DirectorySyncStatus.Result.FAILED);
            assertThat(down.status().error()).contains("cannot reach the directory at " + slapd.url());
            assertThat(extensions(admin)).isEqualTo(beforeOutage);
            DirectorySyncStatus stored = db.database().inTransaction(tx -> tx.directory().status()).orElseThrow();
            assertThat(stored.result()).isEqualTo(DirectorySyncStatus.Result.FAILED);
            assertThat(stored.trigger()).isEqualTo("schedule");
            assertThat(db.queryString("SELECT details FROM audit_log WHERE event_type = 'DIRECTORY_SYNC' ORDER BY seq DESC LIMIT 1"))
                    .contains("\"result\":\"failed\"", "cannot reach");

            // mass-disable guard: half of the people vanish (a wrong filter, a broken OU): stop, change nothing, unless forced
            slapd.start();
            try (LDAPConnection c = slapd.root()) {
                for (String uid : List.of("p01", "p02", "p03", "p04", "p05")) {
                    c.delete(Slapd.personDn(uid));
                }
            }
            SyncReport guarded = sync.run("cli:test", false, false);
            assertThat(guarded.status().result()).isEqualTo(DirectorySyncStatus.Result.GUARDED);
            assertThat(guarded.status().error()).contains("would disable 5 of 9", "20%", "--force");
            assertThat(extensions(admin)).isEqualTo(beforeOutage);
            SyncReport forced = sync.run("cli:test", false, true);
            assertThat(forced.status().result()).isEqualTo(DirectorySyncStatus.Result.OK);
            assertThat(forced.status().disabled()).isEqualTo(5);
            assertThat(forced.status().forced()).isTrue();
            assertThat(extensions(admin).values().stream().filter(Extension::enabled).count()).isEqualTo(4);
            assertThat(db.database().inTransaction(tx -> tx.audit().verify()).intact()).isTrue();
        }
    }

    private static void modify(Slapd slapd, String dn, String attribute, String value) throws Exception {
        try (LDAPConnection c = slapd.root()) {
            c.modify(dn, new Modification(ModificationType.REPLACE, attribute, value));
        }
    }

    private static Map<String, Extension> extensions(Administration admin) {
        return admin.extensions().stream().collect(Collectors.toMap(Extension::number, e -> e));
    }
}
