package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.palisade.core.account.Role;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditType;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.directory.DirectoryAdministration;
import org.palisade.directory.DirectorySync;
import org.palisade.directory.testing.TestAd;
import org.palisade.directory.testing.TestSecrets;
import org.palisade.server.testing.TestServer;
import org.palisade.server.testing.TestUserAgent;
import org.palisade.web.WebSettings;
import org.palisade.web.testing.WebClient;

/**
 * Web logins with directory credentials against the Active Directory stand-in: admins by group,
 * staff as self-service with their own device password, the same 401 as local failures,
 * throttling before the directory is asked, break-glass local admins, and the membership re-check.
 */
class DirectoryLoginTest {

    static final String ROOT_PASSWORD = DirectoryLoginServers.ROOT_PASSWORD;
    static final String ALICE_PASSWORD = "Alice-Directory-Pass-1";
    static final String BOB_PASSWORD = "Bob-Directory-Pass-2";
    static final TestSecrets SECRETS = DirectoryLoginServers.SECRETS;

    /** alice (801) is in palisade-admins (mapped to admin), bob (802) in no mapped group; both synced. */
    static TestServer server(TestDatabase db, TestAd ad, WebSettings settings, Duration recheck) throws Exception {
        ad.person("alice", "Alice Admin").ipPhone("801").department("IT").add();
        ad.person("bob", "Bob Staff").ipPhone("802").department("Sales").add();
        ad.replace(TestAd.personDn("alice"), "userPassword", ALICE_PASSWORD);
        ad.replace(TestAd.personDn("bob"), "userPassword", BOB_PASSWORD);
        ad.addGroup("palisade-admins");
        ad.addMember("palisade-admins", TestAd.personDn("alice"));
        return DirectoryLoginServers.start(db, new DirectoryAdministration.Configure(ad.url(), null, TestAd.SERVICE_DN,
                TestAd.SERVICE_PASSWORD.toCharArray(), TestAd.BASE, null, "ad", null, null, null, null, null, null, null, null, null),
                TestAd.groupDn("palisade-admins"), settings, recheck);
    }

    @Test
    void directoryAdminByGroupLogsInAsAdmin() throws Exception {
        try (TestAd ad = TestAd.start(null); TestDatabase db = TestDatabase.create(TestDb.H2);
             TestServer server = server(db, ad, TestServer.webSettings(), Duration.ofMinutes(5))) {
            WebClient c = new WebClient(server.webBase());
            WebClient.Reply login = c.login("alice@example.com", ALICE_PASSWORD).expect(200);
            assertThat(login.json().get("role").asText()).isEqualTo("admin");
            assertThat(login.json().get("username").asText()).isEqualTo("alice");
            c.get("/api/extensions").expect(200);
            assertThat(c.get("/api/me").expect(200).json().get("extension").asText()).isEqualTo("801");
            AuditEntry logon = server.audit(AuditType.ADMIN_LOGON).get(0);
            assertThat(logon.actor()).isEqualTo("web:alice");
            assertThat(logon.details()).contains("\"role\":\"admin\"", "directory");
            java.util.Optional<org.palisade.core.account.AdminUser> local =
                    server.node().database().inTransaction(tx -> tx.adminUsers().find("alice"));
            assertThat(local).as("no local account").isEmpty();
        }
    }

    @Test
    void staffGetSelfServiceAndADevicePasswordThatRegisters() throws Exception {
        try (TestAd ad = TestAd.start(null); TestDatabase db = TestDatabase.create(TestDb.H2);
             TestServer server = server(db, ad, TestServer.webSettings(), Duration.ofMinutes(5))) {
            WebClient c = new WebClient(server.webBase());
            assertThat(c.login("bob", BOB_PASSWORD).expect(200).json().get("role").asText()).isEqualTo("self-service");
            c.get("/api/session").expect(200);
            WebClient.Reply me = c.get("/api/me").expect(200);
            assertThat(me.json().get("extension").asText()).isEqualTo("802");
            assertThat(me.json().get("displayName").asText()).isEqualTo("Bob Staff");
            assertThat(me.json().get("department").asText()).isEqualTo("Sales");
            c.get("/api/extensions").expect(403);
            c.get("/api/cdr?from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z").expect(403);
            assertThat(c.get("/api/me/registrations").expect(200).json()).isEmpty();
            assertThat(c.get("/api/me/calls").expect(200).json().get("items")).isEmpty();

            WebClient.Reply pw = c.post("/api/me/sip-password", Map.of()).expect(200);
            String password = pw.json().get("password").asText();
            assertThat(password).hasSize(20).matches("[A-HJ-NP-Za-km-z2-9]{20}");
            try (TestUserAgent phone = new TestUserAgent("802", password, TestServer.DOMAIN, server.port())) {
                phone.register();
            }
            assertThat(c.get("/api/me/registrations").expect(200).json()).hasSize(1);
            AuditEntry change = server.audit(AuditType.CONFIG_CHANGED).stream().filter(e -> e.actor().equals("web:bob"))
                    .findFirst().orElseThrow();
            assertThat(change.details()).contains("changed").doesNotContain(password);

            WebClient root = new WebClient(server.webBase());
            root.login("root", ROOT_PASSWORD).expect(200);
            assertThat(root.get("/api/me").expect(404).body()).contains("no extension is linked");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> server.accounts().add("cli:test", "selfie", Role.SELF_SERVICE,
                    "Long-Enough-Password-9".toCharArray())).hasMessageStartingWith("role: 'self-service' is for directory users only");
        }
    }

    @Test
    void wrongDirectoryPasswordGetsTheSameAnswerAsALocalFailure() throws Exception {
        try (TestAd ad = TestAd.start(null); TestDatabase db = TestDatabase.create(TestDb.H2);
             TestServer server = server(db, ad, TestServer.webSettings(), Duration.ofMinutes(5))) {
            WebClient c = new WebClient(server.webBase());
            WebClient.Reply local = c.login("root", "Not-The-Root-Password").expect(401);
            WebClient.Reply wrong = c.login("bob", "Not-Bobs-Password").expect(401);
            ad.replace(TestAd.personDn("alice"), "userAccountControl", "514");
            WebClient.Reply disabled = c.login("alice", ALICE_PASSWORD).expect(401);
            for (WebClient.Reply r : new WebClient.Reply[] {wrong, disabled}) {
                assertThat(r.body()).isEqualTo(local.body()).isEqualTo("{\"error\":\"invalid credentials\"}");
                assertThat(r.header("Set-Cookie")).isNull();
            }
            assertThat(server.audit(AuditType.ADMIN_LOGON_FAILED)).extracting(AuditEntry::details)
                    .anySatisfy(d -> assertThat(d).contains("wrong password", "directory"))
                    .anySatisfy(d -> assertThat(d).contains("disabled in the directory"));
        }
    }

    @Test
    void aThrottledNameNeverReachesTheDirectory() throws Exception {
        WebSettings strict = TestServer.webSettings().withLoginThrottle(3, Duration.ofMinutes(10), Duration.ofMinutes(5));
        try (TestAd ad = TestAd.start(null); TestDatabase db = TestDatabase.create(TestDb.H2);
             TestServer server = server(db, ad, strict, Duration.ofMinutes(5))) {
            WebClient c = new WebClient(server.webBase());
            ad.resetCounts();
            for (int i = 0; i < 3; i++) {
                c.login("bob", "Guess-" + i).expect(401);
            }
            assertThat(ad.binds()).filteredOn(dn -> dn.equalsIgnoreCase(TestAd.personDn("bob"))).hasSize(3);
            ad.resetCounts();
            for (int i = 0; i < 5; i++) {
                c.login("bob", i == 4 ? BOB_PASSWORD : "Guess-more-" + i).expect(429);
            }
            assertThat(ad.binds()).as("no bind at all, neither bob's nor the service account's").isEmpty();
            assertThat(ad.searches()).isZero();
        }
    }

    @Test
    void localAdminsLogInWhileTheDirectoryIsDown() throws Exception {
        try (TestAd ad = TestAd.start(null); TestDatabase db = TestDatabase.create(TestDb.H2);
             TestServer server = server(db, ad, TestServer.webSettings(), Duration.ofMinutes(5))) {
            ad.server().shutDown(true);
            WebClient c = new WebClient(server.webBase());
            assertThat(c.login("alice", ALICE_PASSWORD).expect(401).body()).isEqualTo("{\"error\":\"invalid credentials\"}");
            assertThat(c.login("root", ROOT_PASSWORD).expect(200).json().get("role").asText()).isEqualTo("admin");
            c.get("/api/extensions").expect(200);
            assertThat(server.audit(AuditType.ADMIN_LOGON_FAILED).get(0).details()).contains("directory unreachable");
        }
    }

    @Test
    void aSessionEndsWhenItsUserLeavesTheGroup() throws Exception {
        try (TestAd ad = TestAd.start(null); TestDatabase db = TestDatabase.create(TestDb.H2);
             TestServer server = server(db, ad, TestServer.webSettings(), Duration.ZERO)) {
            WebClient c = new WebClient(server.webBase());
            c.login("alice", ALICE_PASSWORD).expect(200);
            c.get("/api/extensions").expect(200);
            ad.removeMember("palisade-admins", TestAd.personDn("alice"));
            c.get("/api/extensions").expect(401);
            assertThat(server.audit(AuditType.ADMIN_SESSION_EXPIRED)).singleElement().satisfies(e -> {
                assertThat(e.subject()).isEqualTo("alice");
                assertThat(e.details()).contains("directory role changed from admin to self-service");
            });
            // logging in again gives the role the directory says now
            assertThat(c.login("alice", ALICE_PASSWORD).expect(200).json().get("role").asText()).isEqualTo("self-service");
        }
    }

    /** With a long re-check interval, the directory sync is what ends the session of someone who left the group. */
    @Test
    void aDirectorySyncEndsTheSessionOfSomeoneWhoLeftTheGroup() throws Exception {
        try (TestAd ad = TestAd.start(null); TestDatabase db = TestDatabase.create(TestDb.H2);
             TestServer server = server(db, ad, TestServer.webSettings(), Duration.ofHours(1))) {
            WebClient c = new WebClient(server.webBase());
            c.login("alice", ALICE_PASSWORD).expect(200);
            ad.removeMember("palisade-admins", TestAd.personDn("alice"));
            Thread.sleep(5); // the sync must finish after the login's check, on any clock resolution
            c.get("/api/extensions").expect(200); // the interval alone does not re-check yet
            new DirectorySync(server.node().database(), server.node().realm(), SECRETS, Clock.systemUTC()).run("cli:test", false, false);
            c.get("/api/extensions").expect(401);
            assertThat(server.audit(AuditType.ADMIN_SESSION_EXPIRED)).singleElement()
                    .satisfies(e -> assertThat(e.details()).contains("directory role changed from admin to self-service"));
        }
    }

    @Test
    void theSelfServicePageShowsMyPhoneAndANewDevicePasswordOnce() throws Exception {
        try (TestAd ad = TestAd.start(null); TestDatabase db = TestDatabase.create(TestDb.H2);
             TestServer server = server(db, ad, TestServer.webSettings(), Duration.ofMinutes(5));
             org.palisade.server.testing.Browser b = new org.palisade.server.testing.Browser()) {
            b.open(server.webBase().toString());
            b.login("bob", BOB_PASSWORD);
            assertThat(b.waitFor("#whoami-role").getAttribute("data-role")).isEqualTo("self-service");
            assertThat(b.settle()).isEqualTo("me");
            assertThat(b.url()).endsWith("#/me");
            assertThat(b.texts("#nav .nav-link")).containsExactly("My phone");
            assertThat(b.waitFor("#me-facts").getText()).contains("802", "Bob Staff", "Sales");
            b.waitFor("#me-devices-empty");
            b.waitFor("#me-calls-empty");
            b.click("me-password-new");
            String password = b.waitFor("#me-password").getText();
            assertThat(password).hasSize(20);
            assertThat(b.text("me-password-result")).contains("shown only this once");
            b.screenshot("self-service");
        }
    }
}
