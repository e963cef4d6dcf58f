package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPConnection;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palisade.core.audit.AuditType;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.directory.DirectoryAdministration;
import org.palisade.directory.testing.Slapd;
import org.palisade.server.testing.TestServer;
import org.palisade.web.testing.WebClient;

/**
 * Web logins with directory credentials against Debian's real slapd (the openldap flavor), as
 * {@link DirectoryLoginTest} checks them against the Active Directory stand-in: login by uid, the
 * password checked by a bind, groups through OpenLDAP's member/memberOf.
 */
class DirectorySlapdLoginTest {

    private static final String ALICE_PASSWORD = "Alice-Slapd-Pass-1";
    private static final String BOB_PASSWORD = "Bob-Slapd-Pass-2";

    /** alice (801) is in palisade-admins (mapped to admin), bob (802) in no mapped group; both synced. */
    private static TestServer server(TestDatabase db, Slapd slapd) throws Exception {
        try (LDAPConnection c = slapd.root()) {
            c.add("dn: " + Slapd.personDn("alice"), "objectClass: inetOrgPerson", "uid: alice", "cn: Alice Admin", "sn: Admin",
                    "telephoneNumber: 801", "departmentNumber: IT", "userPassword: " + ALICE_PASSWORD);
            c.add("dn: " + Slapd.personDn("bob"), "objectClass: inetOrgPerson", "uid: bob", "cn: Bob Staff", "sn: Staff",
                    "telephoneNumber: 802", "departmentNumber: Sales", "userPassword: " + BOB_PASSWORD);
            c.add("dn: " + Slapd.groupDn("palisade-admins"), "objectClass: groupOfNames", "cn: palisade-admins",
                    "member: " + Slapd.personDn("alice"));
        }
        return DirectoryLoginServers.start(db, new DirectoryAdministration.Configure(slapd.url(), null, Slapd.SERVICE_DN,
                Slapd.SERVICE_PASSWORD.toCharArray(), Slapd.SUFFIX, null, "openldap", null, null, null, null, null, null, null, null,
                null), Slapd.groupDn("palisade-admins"), TestServer.webSettings(), Duration.ofMinutes(5));
    }

    @Test
    void aMemberOfTheAdminGroupLogsInAsAdmin(@TempDir Path dir) throws Exception {
        try (Slapd slapd = Slapd.create(dir); TestDatabase db = TestDatabase.create(TestDb.H2); TestServer server = server(db, slapd)) {
            WebClient c = new WebClient(server.webBase());
            WebClient.Reply login = c.login("alice", ALICE_PASSWORD).expect(200);
            assertThat(login.json().get("role").asText()).isEqualTo("admin");
            assertThat(login.json().get("username").asText()).isEqualTo("alice");
            c.get("/api/extensions").expect(200);
        }
    }

    @Test
    void someoneInNoMappedGroupGetsSelfServiceOnly(@TempDir Path dir) throws Exception {
        try (Slapd slapd = Slapd.create(dir); TestDatabase db = TestDatabase.create(TestDb.H2); TestServer server = server(db, slapd)) {
            WebClient c = new WebClient(server.webBase());
            assertThat(c.login("bob", BOB_PASSWORD).expect(200).json().get("role").asText()).isEqualTo("self-service");
            assertThat(c.get("/api/me").expect(200).json().get("extension").asText()).isEqualTo("802");
            c.get("/api/extensions").expect(403);
        }
    }

    @Test
    void aWrongPasswordGetsTheSameAnswerAsALocalFailure(@TempDir Path dir) throws Exception {
        try (Slapd slapd = Slapd.create(dir); TestDatabase db = TestDatabase.create(TestDb.H2); TestServer server = server(db, slapd)) {
            WebClient c = new WebClient(server.webBase());
            WebClient.Reply local = c.login("root", "Not-The-Root-Password").expect(401);
            WebClient.Reply wrong = c.login("bob", "Not-Bobs-Password").expect(401);
            assertThat(wrong.body()).isEqualTo(local.body());
            assertThat(wrong.header("Set-Cookie")).isNull();
        }
    }

    @Test
    void whileSlapdIsDownLocalAdminsStillLogIn(@TempDir Path dir) throws Exception {
        try (Slapd slapd = Slapd.create(dir); TestDatabase db = TestDatabase.create(TestDb.H2); TestServer server = server(db, slapd)) {
            slapd.stop();
            WebClient c = new WebClient(server.webBase());
            WebClient.Reply local = c.login("root", "Not-The-Root-Password").expect(401);
            assertThat(c.login("alice", ALICE_PASSWORD).expect(401).body()).isEqualTo(local.body());
            assertThat(c.login("root", DirectoryLoginServers.ROOT_PASSWORD).expect(200).json().get("role").asText()).isEqualTo("admin");
            c.get("/api/extensions").expect(200);
            // the right password was refused because of the outage, not for anything alice did
            assertThat(server.audit(AuditType.ADMIN_LOGON_FAILED)).anySatisfy(e -> {
                assertThat(e.subject()).isEqualTo("alice");
                assertThat(e.details()).contains("directory unreachable");
            });
        }
    }
}
