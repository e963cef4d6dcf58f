package org.palisade.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.directory.DirectoryFlavor;
import org.palisade.core.directory.DirectoryLink;
import org.palisade.core.directory.DirectorySettings;
import org.palisade.core.directory.DirectorySyncStatus;
import org.palisade.core.directory.GroupMapping;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;

/** The directory sync's rows (settings, group mappings, links, status, lease) on both databases. */
class DirectoryStoreTest {

    private static final DirectorySettings SETTINGS = new DirectorySettings("ldaps://dc1.example.com:636", false,
            "CN=svc,OU=Service,DC=example,DC=com", "v1:sealed", "DC=example,DC=com", "(&(objectClass=user)(cn=a;b))", DirectoryFlavor.AD,
            Map.of("number", List.of("ipPhone", "mobile;x-home"), "key", List.of("objectGUID")), "default", Duration.ofMinutes(15), 20,
            "/etc/palisade/ldap-trust.p12", "v1:trust", Duration.ofSeconds(3), Duration.ofSeconds(40), false);

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void settingsRoundTripAndStayOneRow(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            Database d = db.database();
            assertThat(d.<Optional<DirectorySettings>>inTransaction(tx -> tx.directory().settings())).isEmpty();
            d.inTransaction(tx -> {
                tx.directory().saveSettings(SETTINGS);
                return null;
            });
            Optional<DirectorySettings> read = d.inTransaction(tx -> tx.directory().settings());
            assertThat(read).contains(SETTINGS);
            DirectorySettings changed = new DirectorySettings("ldap://127.0.0.1", true, SETTINGS.bindDn(), "v1:other", SETTINGS.baseDn(), null,
                    DirectoryFlavor.OPENLDAP, Map.of(), "default", Duration.ZERO, 35, null, null, null, null, true);
            d.inTransaction(tx -> {
                tx.directory().saveSettings(changed);
                return null;
            });
            Optional<DirectorySettings> locked = d.inTransaction(tx -> tx.directory().settingsForUpdate());
            assertThat(locked).contains(changed);
            assertThat(db.queryString("SELECT COUNT(*) FROM directory_settings")).isEqualTo("1");
            assertThatThrownBy(() -> db.execute("INSERT INTO directory_settings (id, url, start_tls, bind_dn, bind_password_sealed, base_dn,"
                    + " flavor, attribute_map, default_profile, schedule_seconds, max_disable_percent, connect_timeout_millis,"
                    + " read_timeout_millis, allow_plain_bind, updated_at) VALUES (2, 'u', FALSE, 'b', 's', 'b', 'AD', '', 'default', 0, 0,"
                    + " 1, 1, FALSE, 0)")).isInstanceOf(IllegalStateException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void groupMappingsByKindThenRank(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            Database d = db.database();
            d.inTransaction(tx -> {
                tx.directory().putGroupMapping(new GroupMapping("cn=b,dc=x", GroupMapping.Kind.PROFILE, "default", 20));
                tx.directory().putGroupMapping(new GroupMapping("cn=a,dc=x", GroupMapping.Kind.ROLE, "admin", 0));
                tx.directory().putGroupMapping(new GroupMapping("cn=a,dc=x", GroupMapping.Kind.PROFILE, "default", 20));
                tx.directory().putGroupMapping(new GroupMapping("cn=c,dc=x", GroupMapping.Kind.PROFILE, "default", 5));
                tx.directory().putGroupMapping(new GroupMapping("cn=c,dc=x", GroupMapping.Kind.PROFILE, "default", 1)); // replaces
                return null;
            });
            List<GroupMapping> all = d.inTransaction(tx -> tx.directory().groupMappings());
            assertThat(all).extracting(m -> m.groupDn() + "/" + m.kind() + "/" + m.rank())
                    .containsExactly("cn=c,dc=x/PROFILE/1", "cn=a,dc=x/PROFILE/20", "cn=b,dc=x/PROFILE/20", "cn=a,dc=x/ROLE/0");
            int removed = d.inTransaction(tx -> tx.directory().deleteGroupMappings("cn=a,dc=x"));
            assertThat(removed).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aKeyLinksOneExtensionAtATime(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            Database d = db.database();
            d.inTransaction(tx -> {
                tx.directory().saveLink(new DirectoryLink("1001", "guid-a", "cn=a,dc=x", "a", false));
                tx.directory().saveLink(new DirectoryLink("1002", "guid-b", "cn=b,dc=x", "b", false));
                tx.directory().saveLink(new DirectoryLink("1003", null, null, null, true));
                tx.directory().saveLink(new DirectoryLink("1004", null, null, null, true)); // several rows without a key
                return null;
            });
            // a moves to 1005: 1001 loses the key in the same write
            d.inTransaction(tx -> {
                tx.directory().saveLink(new DirectoryLink("1005", "guid-a", "cn=a2,dc=x", "a", false));
                return null;
            });
            List<DirectoryLink> links = d.inTransaction(tx -> tx.directory().links());
            assertThat(links).extracting(DirectoryLink::extension).containsExactly("1001", "1002", "1003", "1004", "1005");
            assertThat(links.get(0).directoryKey()).isNull();
            assertThat(d.<Optional<DirectoryLink>>inTransaction(tx -> tx.directory().linkForKey("guid-a"))).map(DirectoryLink::extension).contains("1005");
            // an update of the same extension keeps one row
            d.inTransaction(tx -> {
                tx.directory().saveLink(new DirectoryLink("1002", "guid-b", "cn=b,dc=x", "b", true));
                tx.directory().deleteLink("1003");
                return null;
            });
            assertThat(d.<Optional<DirectoryLink>>inTransaction(tx -> tx.directory().linkForKey("guid-b")).orElseThrow().disabledByDirectory()).isTrue();
            assertThat(db.queryString("SELECT COUNT(*) FROM directory_link")).isEqualTo("4");
            assertThatThrownBy(() -> db.execute("UPDATE directory_link SET directory_key = 'guid-b' WHERE extension = '1004'"))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void statusAndLease(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            Database d = db.database();
            assertThat(d.<Optional<DirectorySyncStatus>>inTransaction(tx -> tx.directory().status())).isEmpty();
            DirectorySyncStatus s = new DirectorySyncStatus(1000, 2500, DirectorySyncStatus.Result.GUARDED, "cli:ops", false, 10, 0, 0, 0,
                    0, 4, 1, "would disable 6 of 10");
            d.inTransaction(tx -> {
                tx.directory().saveStatus(s);
                return null;
            });
            assertThat(d.<Optional<DirectorySyncStatus>>inTransaction(tx -> tx.directory().status())).contains(s);

            assertThat(d.<Boolean>inTransaction(tx -> tx.directory().tryLease("node-a", 10_000, 0))).isTrue();
            assertThat(d.<Boolean>inTransaction(tx -> tx.directory().tryLease("node-b", 10_001, 0))).as("held").isFalse();
            assertThat(d.<Optional<String>>inTransaction(tx -> tx.directory().leaseHolder())).hasValueSatisfying(h -> assertThat(h).startsWith("node-a since"));
            assertThat(d.<Boolean>inTransaction(tx -> tx.directory().tryLease("node-a", 20_000, 0))).as("renewed by its holder").isTrue();
            assertThat(d.<Boolean>inTransaction(tx -> tx.directory().tryLease("node-b", 50_000, 20_001))).as("stale: taken over").isTrue();
            d.inTransaction(tx -> {
                tx.directory().releaseLease("node-a"); // not the holder any more: no effect
                return null;
            });
            assertThat(d.<Boolean>inTransaction(tx -> tx.directory().tryLease("node-c", 50_001, 0))).isFalse();
            d.inTransaction(tx -> {
                tx.directory().releaseLease("node-b");
                return null;
            });
            assertThat(d.<Optional<String>>inTransaction(tx -> tx.directory().leaseHolder())).isEmpty();
            assertThat(d.<Boolean>inTransaction(tx -> tx.directory().tryLease("node-c", 50_002, 0))).isTrue();
        }
    }
}
