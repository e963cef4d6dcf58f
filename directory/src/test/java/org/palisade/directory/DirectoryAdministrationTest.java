package org.palisade.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.admin.Administration;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditQuery;
import org.palisade.core.audit.AuditType;
import org.palisade.core.directory.DirectoryFlavor;
import org.palisade.core.directory.DirectorySettings;
import org.palisade.core.directory.GroupMapping;
import org.palisade.core.rights.ServiceRight;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.directory.testing.TestSecrets;

/** Directory settings and group mappings: checked, stored, audited without the password, on both databases. */
class DirectoryAdministrationTest {

    private static final TestSecrets SECRETS = new TestSecrets();
    private static final String PASSWORD = "Bind-Secret-4711";

    private static DirectoryAdministration.Configure first(String url) {
        return new DirectoryAdministration.Configure(url, null, "cn=svc,dc=example,dc=com", PASSWORD.toCharArray(), "dc=example,dc=com",
                null, "openldap", List.of("number=mobile,telephoneNumber", "name=cn"), null, "5m", 30, null, null, "2s", "7s", null);
    }

    private static DirectoryAdministration.Configure only(String field, Object value) {
        return new DirectoryAdministration.Configure(
                field.equals("url") ? (String) value : null, null, null, field.equals("password") ? (char[]) value : null, null,
                field.equals("filter") ? (String) value : null, field.equals("flavor") ? (String) value : null,
                field.equals("map") ? List.of((String) value) : null, field.equals("profile") ? (String) value : null,
                field.equals("schedule") ? (String) value : null, field.equals("percent") ? (Integer) value : null, null, null,
                field.equals("connect") ? (String) value : null, null, null);
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void configureStoresSealsAndAuditsWithoutThePassword(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            DirectoryAdministration admin = new DirectoryAdministration(db.database(), SECRETS, Clock.systemUTC());
            new Administration(db.database(), "r", Clock.systemUTC()).addProfile("cli:ops", "staff", EnumSet.of(ServiceRight.VOICE));
            DirectorySettings s = admin.configure("cli:ops", first("ldap://127.0.0.1:3389"));
            assertThat(s.flavor()).isEqualTo(DirectoryFlavor.OPENLDAP);
            assertThat(s.attributeMap()).containsEntry("number", List.of("mobile", "telephoneNumber")).containsEntry("name", List.of("cn"));
            assertThat(s.schedule()).isEqualTo(Duration.ofMinutes(5));
            assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(7));
            assertThat(s.maxDisablePercent()).isEqualTo(30);
            assertThat(s.defaultProfile()).isEqualTo("default");
            assertThat(admin.settings()).contains(s);
            String sealed = db.queryString("SELECT bind_password_sealed FROM directory_settings");
            assertThat(sealed).doesNotContain(PASSWORD);
            assertThat(SECRETS.open(DirectorySettings.BIND_PASSWORD_PURPOSE, sealed)).containsExactly(PASSWORD.toCharArray());

            // later changes keep what they do not name; map entries merge, "field=" drops one
            admin.configure("cli:ops", only("map", "name="));
            admin.configure("cli:ops", only("profile", "staff"));
            admin.configure("cli:ops", only("password", "Another-Secret-1".toCharArray()));
            DirectorySettings after = admin.settings().orElseThrow();
            assertThat(after.attributeMap()).containsOnlyKeys("number");
            assertThat(after.defaultProfile()).isEqualTo("staff");
            assertThat(after.url()).isEqualTo("ldap://127.0.0.1:3389");

            List<AuditEntry> entries = db.database().inTransaction(tx -> tx.audit().list(new AuditQuery(null, AuditType.CONFIG_CHANGED,
                    "directory:settings", 0)));
            assertThat(entries).hasSize(4);
            assertThat(entries).allSatisfy(e -> assertThat(e.details()).doesNotContain(PASSWORD, "Another-Secret-1", sealed, "test:"));
            assertThat(entries.get(3).details()).contains("\"action\":\"configure\"", "\"bindPassword\":\"set\"", "\"before\":null");
            assertThat(entries.get(0).details()).contains("\"action\":\"set\"", "\"bindPassword\":\"changed\"");
            assertThat(entries.get(1).details()).doesNotContain("changed");
        }
    }

    @Test
    void badInputNamesTheField() {
        try (TestDatabase db = TestDatabase.create(TestDb.H2)) {
            DirectoryAdministration admin = new DirectoryAdministration(db.database(), SECRETS, Clock.systemUTC());
            assertThatThrownBy(() -> admin.configure("t", first("http://127.0.0.1"))).hasMessageStartingWith("url:");
            assertThatThrownBy(() -> admin.configure("t", first("ldap://"))).hasMessageStartingWith("url:");
            assertThatThrownBy(() -> admin.configure("t", first("ldap://127.0.0.1/dc=x??sub?(uid=a)"))).hasMessageStartingWith("url:");
            assertThatThrownBy(() -> admin.configure("t", only("url", "ldap://127.0.0.1")))
                    .hasMessage("bind-dn: required when the directory is first configured");
            assertThat(admin.settings()).isEmpty();
            admin.configure("t", first("ldap://127.0.0.1"));
            assertThatThrownBy(() -> admin.configure("t", only("filter", "(uid=a"))).hasMessageStartingWith("user-filter:");
            assertThatThrownBy(() -> admin.configure("t", only("flavor", "novell"))).hasMessageStartingWith("flavor:");
            assertThatThrownBy(() -> admin.configure("t", only("map", "phone=ipPhone"))).hasMessageStartingWith("map: unknown field 'phone'");
            assertThatThrownBy(() -> admin.configure("t", only("map", "number=ip phone"))).hasMessageStartingWith("map:");
            assertThatThrownBy(() -> admin.configure("t", only("map", "key=a,b"))).hasMessageStartingWith("map: key takes one");
            assertThatThrownBy(() -> admin.configure("t", only("profile", "nope"))).hasMessage("default-profile: 'nope' does not exist");
            assertThatThrownBy(() -> admin.configure("t", only("schedule", "5s"))).hasMessageStartingWith("schedule: at least 10s");
            assertThatThrownBy(() -> admin.configure("t", only("schedule", "soon"))).hasMessageStartingWith("schedule:");
            assertThatThrownBy(() -> admin.configure("t", only("percent", 101))).hasMessageStartingWith("max-disable-percent:");
            assertThatThrownBy(() -> admin.configure("t", only("connect", "0s"))).hasMessageStartingWith("connect-timeout:");
            assertThatThrownBy(() -> admin.configure("t", new DirectoryAdministration.Configure(null, null, "not a dn", null, null, null,
                    null, null, null, null, null, null, null, null, null, null))).hasMessageStartingWith("bind-dn:");
            assertThat(admin.configure("t", only("schedule", "off")).scheduled()).isFalse();
            assertThat(DirectoryAdministration.parseDuration("x", "90")).isEqualTo(Duration.ofSeconds(90));
            assertThat(DirectoryAdministration.parseDuration("x", "1h")).isEqualTo(Duration.ofHours(1));
        }
    }

    @Test
    void aTrustStoreMustOpen(@TempDir Path dir) throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDb.H2)) {
            DirectoryAdministration admin = new DirectoryAdministration(db.database(), SECRETS, Clock.systemUTC());
            admin.configure("t", first("ldaps://127.0.0.1"));
            Path junk = Files.writeString(dir.resolve("junk.p12"), "not a key store");
            DirectoryAdministration.Configure c = new DirectoryAdministration.Configure(null, null, null, null, null, null, null, null,
                    null, null, null, junk.toString(), "pw".toCharArray(), null, null, null);
            assertThatThrownBy(() -> admin.configure("t", c)).hasMessageStartingWith("trust-store: cannot open");
            DirectoryAdministration.Configure missing = new DirectoryAdministration.Configure(null, null, null, null, null, null, null,
                    null, null, null, null, dir.resolve("none.p12").toString(), null, null, null, null);
            assertThatThrownBy(() -> admin.configure("t", missing)).hasMessageStartingWith("trust-store: cannot read");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void groupMappingsAreNormalisedRankedAndAudited(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            DirectoryAdministration admin = new DirectoryAdministration(db.database(), SECRETS, Clock.systemUTC());
            new Administration(db.database(), "r", Clock.systemUTC()).addProfile("cli:ops", "sales", EnumSet.of(ServiceRight.VOICE));
            admin.mapProfile("cli:ops", "CN=Sales, OU=Groups, DC=Example, DC=com", "sales", null);
            admin.mapProfile("cli:ops", "cn=vip,dc=example,dc=com", "default", 5);
            admin.mapRole("cli:ops", "cn=sales,ou=groups,dc=example,dc=com", "Finance");
            assertThat(admin.groupMappings()).containsExactly(
                    new GroupMapping("cn=vip,dc=example,dc=com", GroupMapping.Kind.PROFILE, "default", 5),
                    new GroupMapping("cn=sales,ou=groups,dc=example,dc=com", GroupMapping.Kind.PROFILE, "sales", 100),
                    new GroupMapping("cn=sales,ou=groups,dc=example,dc=com", GroupMapping.Kind.ROLE, "finance", 0));
            // mapping the same group again replaces it
            admin.mapProfile("cli:ops", "cn=sales,ou=groups,dc=example,dc=com", "sales", 1);
            assertThat(admin.groupMappings().get(0).rank()).isEqualTo(1);

            assertThatThrownBy(() -> admin.mapProfile("t", "cn=x,dc=example,dc=com", "nope", null)).hasMessage("profile: 'nope' does not exist");
            assertThatThrownBy(() -> admin.mapRole("t", "cn=x,dc=example,dc=com", "root")).hasMessageStartingWith("role:");
            assertThatThrownBy(() -> admin.mapRole("t", "no dn here", "admin")).hasMessageStartingWith("group: not a valid DN");

            assertThat(admin.unmapGroup("cli:ops", "CN=SALES,OU=GROUPS,DC=EXAMPLE,DC=COM")).isEqualTo(2);
            assertThat(admin.groupMappings()).extracting(GroupMapping::groupDn).containsExactly("cn=vip,dc=example,dc=com");
            assertThatThrownBy(() -> admin.unmapGroup("t", "cn=sales,ou=groups,dc=example,dc=com"))
                    .isInstanceOf(NoSuchElementException.class);

            List<AuditEntry> entries = db.database().inTransaction(tx -> tx.audit().list(new AuditQuery(null, AuditType.CONFIG_CHANGED,
                    "directory-group:cn=sales,ou=groups,dc=example,dc=com", 0)));
            assertThat(entries).hasSize(4);
            assertThat(entries.get(0).details()).contains("\"action\":\"unmap\"", "\"profile\":\"sales\"", "\"role\":\"finance\"");
            assertThat(entries.get(1).details()).contains("\"before\":{\"profile\":\"sales\",\"rank\":100}", "\"rank\":1");
        }
    }
}
