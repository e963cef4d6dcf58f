package org.palisade.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palisade.core.account.Role;
import org.palisade.core.admin.Administration;
import org.palisade.core.admin.ExtensionChange;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditQuery;
import org.palisade.core.audit.AuditType;
import org.palisade.core.directory.DirectoryLink;
import org.palisade.core.directory.DirectorySyncStatus;
import org.palisade.core.extension.Extension;
import org.palisade.core.location.Binding;
import org.palisade.core.rights.ServiceRight;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.directory.testing.TestAd;
import org.palisade.directory.testing.TestCertificates;
import org.palisade.directory.testing.TestSecrets;

/**
 * The sync against an Active Directory stand-in (UnboundID's in-memory server with AD's attributes
 * and page limit, see {@link TestAd}) and a real database: paging through 2,500 people, AD's
 * attributes, nested groups through the in-chain rule, the lifecycle, LDAPS and StartTLS.
 */
class ActiveDirectorySyncTest {

    private static final String REALM = "palisade.test";
    private static final TestSecrets SECRETS = new TestSecrets();

    private record Fixture(TestDatabase db, Administration admin, DirectoryAdministration directory, DirectorySync sync) {

        static Fixture create(TestDb kind) {
            TestDatabase db = TestDatabase.create(kind);
            Clock clock = Clock.systemUTC();
            return new Fixture(db, new Administration(db.database(), REALM, clock),
                    new DirectoryAdministration(db.database(), SECRETS, clock), new DirectorySync(db.database(), REALM, SECRETS, clock));
        }

        void configure(String url) {
            directory.configure("cli:test", new DirectoryAdministration.Configure(url, null, TestAd.SERVICE_DN,
                    TestAd.SERVICE_PASSWORD.toCharArray(), TestAd.BASE, null, "ad", null, null, null, null, null, null, null, null, null));
        }

        Map<String, Extension> extensions() {
            return admin.extensions().stream().collect(Collectors.toMap(Extension::number, e -> e));
        }

        int count(String sql) {
            return Integer.parseInt(db.queryString(sql));
        }
    }

    @Test
    void pagesThrough2500PeopleAndReadsAdAttributes() throws Exception {
        try (TestAd ad = TestAd.start(null)) {
            Fixture fx = Fixture.create(TestDb.H2);
            try (TestDatabase db = fx.db()) {
                fx.admin().addProfile("cli:test", "sales", EnumSet.of(ServiceRight.VOICE, ServiceRight.CHAT));
                fx.admin().addProfile("cli:test", "management", EnumSet.allOf(ServiceRight.class));
                List<Entry> people = new ArrayList<>();
                for (int i = 0; i < 2500; i++) {
                    people.add(ad.person(String.format("user%04d", i), "User " + i).ipPhone(String.valueOf(100000 + i))
                            .department(i % 2 == 0 ? "Sales" : "Support").entry());
                }
                ad.addAll(people);
                // AD-like specials: number fallback and normalisation, a disabled account, bad numbers, a known GUID
                // objectGUID {3f2504e0-4f89-11d3-9a0c-0305e82c3301} as AD stores it: the first three groups little-endian
                byte[] raw = java.util.HexFormat.of().parseHex("e004253f894fd3119a0c0305e82c3301");
                ad.person("alice", "Alice Example").telephoneNumber("+49 30 1234-567").department("Management").guid(raw).add();
                ad.person("bob", "Bob Builder").ipPhone("2001").telephoneNumber("+49 30 999").add();
                ad.person("carol", "Carol Gone").ipPhone("2002").disabled(true).add();
                ad.person("dave", "Dave Typo").ipPhone("ext. 12").add();
                ad.person("erin", null).ipPhone("2003").add(); // no displayName: the login is the name
                ad.person("frank", "Frank Hand").ipPhone("2004").add(); // 2004 is a hand-made extension
                ad.person("grace", "Grace NoPhone").add();
                // groups: management nested in sales-all; bob in sales-all directly, alice through management
                ad.addGroup("management");
                ad.addGroup("sales-all");
                ad.addGroup("palisade-admins");
                ad.addMember("management", TestAd.personDn("alice"));
                ad.addMember("sales-all", TestAd.groupDn("management"));
                ad.addMember("sales-all", TestAd.personDn("bob"));
                ad.addMember("palisade-admins", TestAd.groupDn("management"));
                fx.admin().addExtension("cli:test", "2004", "Hand Made", null, null, "hand-made-secret".toCharArray());

                fx.configure(ad.url());
                fx.directory().mapProfile("cli:test", TestAd.groupDn("sales-all"), "sales", 50);
                fx.directory().mapProfile("cli:test", "cn=Management, ou=Groups, dc=example, dc=com", "management", 10);
                fx.directory().mapRole("cli:test", TestAd.groupDn("palisade-admins"), "admin");

                // AD answers at most 1,000 entries to a search without paging: the stand-in does too
                try (LDAPConnection c = new LDAPConnection("127.0.0.1", port(ad.url()), TestAd.SERVICE_DN, TestAd.SERVICE_PASSWORD)) {
                    assertThatThrownBy(() -> c.search(TestAd.BASE, SearchScope.SUB, "(sAMAccountType=805306368)", "1.1"))
                            .isInstanceOfSatisfying(LDAPSearchException.class,
                                    e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.SIZE_LIMIT_EXCEEDED));
                }

                ad.resetCounts();
                SyncReport first = fx.sync().run("cli:test", false, false);
                assertThat(first.status().result()).as(String.valueOf(first.status().error())).isEqualTo(DirectorySyncStatus.Result.OK);
                assertThat(first.status().people()).isEqualTo(2507);
                assertThat(first.pages()).as("pages of %d", DirectoryPeople.PAGE_SIZE).isEqualTo(6);
                assertThat(ad.pagedFollowUps()).as("searches that carried a paged-results cookie").isGreaterThanOrEqualTo(5);
                assertThat(first.status().created()).isEqualTo(2500 + 3); // alice, bob, erin
                assertThat(first.status().disabled()).isZero();
                assertThat(first.plan().problems()).extracting(SyncPlan.Problem::login).containsExactlyInAnyOrder("dave", "frank");
                assertThat(first.plan().problems().stream().filter(p -> p.login().equals("frank")).findFirst().orElseThrow().problem())
                        .contains("2004", "made by hand", "not merged");

                Map<String, Extension> ext = fx.extensions();
                assertThat(ext).hasSize(2500 + 3 + 1);
                for (int i = 0; i < 2500; i += 499) {
                    Extension e = ext.get(String.valueOf(100000 + i));
                    assertThat(e.name()).isEqualTo("User " + i);
                    assertThat(e.department()).isEqualTo(i % 2 == 0 ? "Sales" : "Support");
                    assertThat(e.profile()).isEqualTo("default");
                    assertThat(e.enabled()).isTrue();
                }
                Extension alice = ext.get("49301234567");
                assertThat(alice.name()).isEqualTo("Alice Example");
                assertThat(alice.profile()).as("management (rank 10) beats sales-all (50)").isEqualTo("management");
                assertThat(ext.get("2001").profile()).as("bob: ipPhone beats telephoneNumber; sales-all").isEqualTo("sales");
                assertThat(ext.get("2001").name()).isEqualTo("Bob Builder");
                assertThat(ext.get("2003").name()).isEqualTo("erin");
                assertThat(ext).doesNotContainKey("2002");
                assertThat(ext.get("2004").name()).isEqualTo("Hand Made");

                DirectoryLink aliceLink = db.database().inTransaction(
                        tx -> tx.directory().linkForKey("3f2504e0-4f89-11d3-9a0c-0305e82c3301")).orElseThrow();
                assertThat(aliceLink.extension()).as("keyed by objectGUID as AD prints it").isEqualTo("49301234567");
                assertThat(aliceLink.login()).isEqualTo("alice");
                assertThat(db.queryString("SELECT ha1_md5 FROM extension WHERE number = '2001'")).hasSize(32);

                assertThat(fx.count("SELECT COUNT(*) FROM audit_log WHERE event_type = 'CONFIG_CHANGED' AND actor = 'directory'"))
                        .isEqualTo(2503);
                List<AuditEntry> syncs = db.database().inTransaction(tx -> tx.audit().list(new AuditQuery(null, AuditType.DIRECTORY_SYNC, null, 0)));
                assertThat(syncs).hasSize(1);
                assertThat(syncs.get(0).actor()).isEqualTo("directory");
                assertThat(syncs.get(0).details()).contains("\"result\":\"ok\"", "\"created\":2503", "\"people\":2507", "\"problems\":2");
                assertThat(db.database().inTransaction(tx -> tx.audit().verify()).intact()).isTrue();

                // nothing changed in the directory: nothing to do
                SyncReport again = fx.sync().run("schedule", false, false);
                assertThat(again.plan().changes()).isEmpty();
                assertThat(again.status().unchanged()).isEqualTo(2503);
                assertThat(fx.count("SELECT COUNT(*) FROM audit_log WHERE event_type = 'CONFIG_CHANGED' AND actor = 'directory'"))
                        .isEqualTo(2503);

                // the login half's look-ups: by sAMAccountName or userPrincipalName, roles through nested groups
                DirectoryClient client = DirectoryClient.configured(db.database(), SECRETS).orElseThrow();
                Person a = client.findByLogin("alice@example.com").orElseThrow();
                assertThat(a.login()).isEqualTo("alice");
                assertThat(client.findByLogin("ALICE")).as("AD logins are case-insensitive").isPresent();
                assertThat(client.findByLogin("nobody")).isEmpty();
                assertThat(client.findByLogin("*")).as("a login is a value, never a filter").isEmpty();
                assertThat(client.rolesFor(a)).containsExactly(Role.ADMIN);
                assertThat(client.profileFor(a)).isEqualTo("management");
                Person b = client.findByLogin("bob").orElseThrow();
                assertThat(client.rolesFor(b)).isEmpty();
                assertThat(DirectoryClient.extensionOf(db.database(), b).orElseThrow().extension()).isEqualTo("2001");
                ad.replace(TestAd.personDn("bob"), "userPassword", "Bobs-Directory-Pw1");
                assertThat(client.passwordMatches(b, "Bobs-Directory-Pw1".toCharArray())).isTrue();
                assertThat(client.passwordMatches(b, "wrong".toCharArray())).isFalse();
                assertThat(client.passwordMatches(b, new char[0])).as("an empty password is never sent (it would be an anonymous bind)").isFalse();
            }
        }
    }

    @Test
    void disabledInAdDisablesAndDropsBindingsThenEnablesAgain() throws Exception {
        try (TestAd ad = TestAd.start(null)) {
            Fixture fx = Fixture.create(TestDb.H2);
            try (TestDatabase db = fx.db()) {
                for (int i = 0; i < 10; i++) {
                    ad.person("p" + i, "Person " + i).ipPhone("30" + i).add();
                }
                fx.configure(ad.url());
                assertThat(fx.sync().run("cli:test", false, false).status().created()).isEqualTo(10);
                long now = System.currentTimeMillis();
                db.database().inTransaction(tx -> tx.bindings().insert(new Binding(null, "301", "sip:301@127.0.0.1:5999", null, now + 3_600_000,
                        now, "call-1", 1, "127.0.0.1", 5999, "UDP", "test")));

                ad.replace(TestAd.personDn("p1"), "userAccountControl", "514");
                SyncReport off = fx.sync().run("cli:test", false, false);
                assertThat(off.plan().changes()).singleElement().satisfies(c -> {
                    assertThat(c.action()).isEqualTo(PlannedChange.Action.DISABLE);
                    assertThat(c.extension()).isEqualTo("301");
                    assertThat(c.reason()).contains("disabled in the directory");
                });
                assertThat(fx.extensions().get("301").enabled()).isFalse();
                List<Binding> left = db.database().inTransaction(tx -> tx.bindings().forAor("301"));
                assertThat(left).as("bindings dropped").isEmpty();

                // an admin disables p2 by hand: the directory does not enable it again
                fx.admin().updateExtension("cli:test", "302", new ExtensionChange(null, null, null, null, false));
                ad.replace(TestAd.personDn("p1"), "userAccountControl", "512");
                SyncReport on = fx.sync().run("cli:test", false, false);
                assertThat(on.plan().changes()).singleElement().satisfies(c -> {
                    assertThat(c.action()).isEqualTo(PlannedChange.Action.ENABLE);
                    assertThat(c.extension()).isEqualTo("301");
                });
                assertThat(fx.extensions().get("301").enabled()).isTrue();
                assertThat(fx.extensions().get("302").enabled()).isFalse();

                // a new number: a new extension; the old one is disabled and left behind
                ad.replace(TestAd.personDn("p3"), "ipPhone", "399");
                SyncReport moved = fx.sync().run("cli:test", false, false);
                assertThat(moved.plan().changes()).extracting(PlannedChange::describe).containsExactlyInAnyOrder(
                        "create 399 (p3): number '303' -> '399', name 'Person 3', department (none), profile 'default'",
                        "disable 303 (p3): enabled true -> false [moved to 399]");
                assertThat(moved.plan().guardDisables()).as("a move is not a leaver").isZero();
                assertThat(fx.extensions().get("303").enabled()).isFalse();
                assertThat(db.database().inTransaction(tx -> tx.directory().links()).stream()
                        .filter(l -> l.extension().equals("303")).findFirst().orElseThrow().directoryKey()).isNull();

                // a newcomer gets the number someone left behind: it is theirs, with new credentials
                String oldHash = db.queryString("SELECT ha1_md5 FROM extension WHERE number = '303'");
                ad.person("newcomer", "New Comer").ipPhone("303").add();
                SyncReport taken = fx.sync().run("cli:test", false, false);
                assertThat(taken.plan().changes()).singleElement().satisfies(c -> {
                    assertThat(c.action()).isEqualTo(PlannedChange.Action.CREATE);
                    assertThat(c.takeover()).isTrue();
                    assertThat(c.reason()).contains("takes over");
                });
                Extension e303 = fx.extensions().get("303");
                assertThat(e303.name()).isEqualTo("New Comer");
                assertThat(e303.enabled()).isTrue();
                assertThat(db.queryString("SELECT ha1_md5 FROM extension WHERE number = '303'")).isNotEqualTo(oldHash);
                assertThat(db.queryString("SELECT details FROM audit_log WHERE event_type = 'CONFIG_CHANGED' AND subject = 'extension:303'"
                        + " ORDER BY seq DESC LIMIT 1")).contains("\"password\":\"changed\"").doesNotContain(oldHash);
            }
        }
    }

    @Test
    void ldapsAndStartTlsWithATrustStore(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.create(dir, "Trust-Store-Pw-1");
        try (TestAd ad = TestAd.start(certs)) {
            Fixture fx = Fixture.create(TestDb.H2);
            try (TestDatabase db = fx.db()) {
                ad.person("tls1", "Tee Ell Ess").ipPhone("401").add();
                // LDAPS without the trust store: the JVM's default trust does not know the certificate
                fx.directory().configure("cli:test", new DirectoryAdministration.Configure(ad.ldapsUrl(), null, TestAd.SERVICE_DN,
                        TestAd.SERVICE_PASSWORD.toCharArray(), TestAd.BASE, null, "ad", null, null, null, null, null, null, "5s", "5s", null));
                SyncReport untrusted = fx.sync().run("cli:test", false, false);
                assertThat(untrusted.status().result()).isEqualTo(DirectorySyncStatus.Result.FAILED);
                assertThat(untrusted.status().error()).contains(ad.ldapsUrl()).containsIgnoringCase("certificate");
                assertThat(fx.extensions()).isEmpty();

                fx.directory().configure("cli:test", new DirectoryAdministration.Configure(null, null, null, null, null, null, null, null, null,
                        null, null, certs.trustStore().toString(), certs.password().toCharArray(), null, null, null));
                SyncReport ldaps = fx.sync().run("cli:test", false, false);
                assertThat(ldaps.status().result()).as(String.valueOf(ldaps.status().error())).isEqualTo(DirectorySyncStatus.Result.OK);
                assertThat(fx.extensions()).containsKey("401");

                // StartTLS on the plain port, same trust store
                ad.person("tls2", "Start Tee Ell Ess").ipPhone("402").add();
                fx.directory().configure("cli:test", new DirectoryAdministration.Configure(ad.url(), true, null, null, null, null, null, null,
                        null, null, null, null, null, null, null, null));
                SyncReport startTls = fx.sync().run("cli:test", false, false);
                assertThat(startTls.status().result()).as(String.valueOf(startTls.status().error())).isEqualTo(DirectorySyncStatus.Result.OK);
                assertThat(fx.extensions()).containsKey("402");

                // the stored settings show where the trust store is, never its password
                assertThat(fx.directory().settings().orElseThrow().describe().toString())
                        .contains(certs.trustStore().toString(), "trustStorePassword=set").doesNotContain(certs.password());
                assertThat(Files.exists(certs.trustStore())).isTrue();
            }
        }
    }

    @Test
    void aPlainBindToAnotherHostIsRefusedBeforeAnyPacket() {
        Fixture fx = Fixture.create(TestDb.H2);
        try (TestDatabase db = fx.db()) {
            // 192.0.2.1 is TEST-NET-1: never reached, the check refuses it from the URL alone
            assertThatThrownBy(() -> fx.configure("ldap://192.0.2.1:389"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("url: 192.0.2.1 is not loopback").hasMessageContaining("unencrypted");
            assertThat(fx.directory().settings()).isEmpty();
            assertThatThrownBy(() -> new LdapConnector(new org.palisade.core.directory.DirectorySettings("ldap://192.0.2.1", false,
                    TestAd.SERVICE_DN, SECRETS.seal("directory:bind", "x".toCharArray()), TestAd.BASE, null,
                    org.palisade.core.directory.DirectoryFlavor.AD, Map.of(), "default", null, 20, null, null, null, null, false), SECRETS))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("url:");
            assertThat(LdapConnector.isLoopback("127.0.0.1")).isTrue();
            assertThat(LdapConnector.isLoopback("127.9.9.9")).isTrue();
            assertThat(LdapConnector.isLoopback("[::1]")).isTrue();
            assertThat(LdapConnector.isLoopback("localhost")).isTrue();
            assertThat(LdapConnector.isLoopback("ldap.example.com")).as("names are not resolved, so not trusted").isFalse();
            assertThat(LdapConnector.isLoopback("192.0.2.1")).isFalse();

            // StartTLS or LDAPS to the same host is fine (configure does not connect), and so is an explicit allowance
            fx.directory().configure("cli:test", new DirectoryAdministration.Configure("ldaps://192.0.2.1", null, TestAd.SERVICE_DN,
                    "pw".toCharArray(), TestAd.BASE, null, null, null, null, null, null, null, null, null, null, null));
            fx.directory().configure("cli:test", new DirectoryAdministration.Configure("ldap://192.0.2.1", true, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, null));
            assertThatThrownBy(() -> fx.directory().configure("cli:test", new DirectoryAdministration.Configure(null, false, null, null,
                    null, null, null, null, null, null, null, null, null, null, null, null))).hasMessageStartingWith("url:");
            fx.directory().configure("cli:test", new DirectoryAdministration.Configure(null, false, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, true));
            assertThat(fx.directory().settings().orElseThrow().allowPlainBind()).isTrue();
        }
    }

    private static int port(String url) {
        return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    }
}
