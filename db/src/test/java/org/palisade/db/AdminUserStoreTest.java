package org.palisade.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.account.AccountAdministration;
import org.palisade.core.account.AdminAuthenticator;
import org.palisade.core.account.AdminUser;
import org.palisade.core.account.AdminUserChange;
import org.palisade.core.account.PasswordHasher;
import org.palisade.core.account.Role;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditQuery;
import org.palisade.core.audit.AuditType;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;

/** Web accounts: rows, their administration with its audit entries, and the login check, on both databases. */
class AdminUserStoreTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00.125Z");
    private static final PasswordHasher HASHER = new PasswordHasher(1_000);
    private static final String PASSWORD = "Kiwi-Banana-Cherry-7";

    private static final AdminUser ALICE = new AdminUser("alice", Role.ADMIN, "pbkdf2-sha256$1$AAAA$BBBB", true, NOW);
    private static final AdminUser BOB = new AdminUser("bob@corp.example", Role.FINANCE, "pbkdf2-sha256$1$CCCC$DDDD", false,
            NOW.plusSeconds(1));

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void insertFindUpdateListAndDelete(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            Database d = db.database();
            d.inTransaction(tx -> {
                tx.adminUsers().insert(BOB);
                tx.adminUsers().insert(ALICE);
                return null;
            });
            List<AdminUser> all = d.inTransaction(tx -> tx.adminUsers().list());
            assertThat(all).containsExactly(ALICE, BOB);
            assertThat(db.queryString("SELECT CONCAT(role, '|', password_hash, '|', created_at) FROM admin_user WHERE name = 'alice'"))
                    .isEqualTo("ADMIN|pbkdf2-sha256$1$AAAA$BBBB|" + NOW.toEpochMilli());

            Optional<AdminUser> found = d.inTransaction(tx -> tx.adminUsers().find("ALICE"));
            assertThat(found).as("names are looked up in lower case").contains(ALICE);
            Optional<AdminUser> locked = d.inTransaction(tx -> tx.adminUsers().findForUpdate("Bob@Corp.Example"));
            assertThat(locked).contains(BOB);
            Optional<AdminUser> missing = d.inTransaction(tx -> tx.adminUsers().find("nobody"));
            assertThat(missing).isEmpty();

            AdminUser changed = BOB.withRole(Role.AUDITOR).withEnabled(true).withPasswordHash("pbkdf2-sha256$1$EEEE$FFFF");
            d.inTransaction(tx -> {
                tx.adminUsers().update(changed);
                return null;
            });
            Optional<AdminUser> reread = d.inTransaction(tx -> tx.adminUsers().find(BOB.name()));
            assertThat(reread).contains(changed);
            assertThatThrownBy(() -> d.inTransaction(tx -> {
                tx.adminUsers().update(new AdminUser("ghost", Role.ADMIN, "h", true, NOW));
                return null;
            })).isInstanceOf(NoSuchElementException.class);

            boolean deleted = d.inTransaction(tx -> tx.adminUsers().delete("ALICE"));
            boolean again = d.inTransaction(tx -> tx.adminUsers().delete("alice"));
            assertThat(deleted).isTrue();
            assertThat(again).isFalse();
            List<AdminUser> left = d.inTransaction(tx -> tx.adminUsers().list());
            assertThat(left).containsExactly(changed);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aSecondAccountOfTheSameNameConflicts(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            db.database().inTransaction(tx -> {
                tx.adminUsers().insert(ALICE);
                return null;
            });
            assertThatThrownBy(() -> db.database().inTransaction(tx -> {
                tx.adminUsers().insert(new AdminUser("Alice", Role.AUDITOR, "h", true, NOW));
                return null;
            })).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("admin user alice conflicts");
            assertThat(db.queryString("SELECT COUNT(*) FROM admin_user")).isEqualTo("1");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void administrationAuditsEveryChangeAndNeverTheHash(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            AccountAdministration admin = new AccountAdministration(db.database(), HASHER, Clock.fixed(NOW, ZoneOffset.UTC));
            AdminUser carol = admin.add("cli:ops", "Carol", Role.ADMIN, PASSWORD.toCharArray());
            assertThat(carol.name()).isEqualTo("carol");
            assertThat(carol.created()).isEqualTo(NOW);
            assertThat(HASHER.verify(PASSWORD.toCharArray(), carol.passwordHash())).isTrue();
            String storedHash = db.queryString("SELECT password_hash FROM admin_user WHERE name = 'carol'");
            assertThat(storedHash).startsWith("pbkdf2-sha256$1000$").doesNotContain(PASSWORD);

            admin.add("cli:ops", "dave", Role.AUDITOR, PASSWORD.toCharArray());
            admin.disable("web:carol", "dave");
            admin.update("web:carol", "DAVE", new AdminUserChange(Role.FINANCE, null, true));
            admin.setPassword("web:carol", "dave", "Another-Long-Passphrase".toCharArray());
            assertThat(admin.get("dave").role()).isEqualTo(Role.FINANCE);
            assertThat(admin.get("dave").enabled()).isTrue();
            assertThat(HASHER.verify("Another-Long-Passphrase".toCharArray(), admin.get("dave").passwordHash())).isTrue();
            admin.remove("web:carol", "dave");
            assertThat(admin.list()).extracting(AdminUser::name).containsExactly("carol");

            List<AuditEntry> entries = db.database().inTransaction(
                    tx -> tx.audit().list(new AuditQuery(null, AuditType.CONFIG_CHANGED, null, 0)));
            assertThat(entries).hasSize(6);
            assertThat(entries).extracting(AuditEntry::subject).containsOnly("admin-user:carol", "admin-user:dave");
            AuditEntry removal = entries.get(0);
            assertThat(removal.actor()).isEqualTo("web:carol");
            assertThat(removal.details()).contains("\"action\":\"remove\"", "\"role\":\"finance\"", "\"after\":null");
            AuditEntry newPassword = entries.get(1);
            assertThat(newPassword.details()).contains("\"password\":\"changed\"");
            assertThat(entries.get(2).details()).contains("\"before\":{\"enabled\":false,\"role\":\"auditor\"}",
                    "\"after\":{\"enabled\":true,\"role\":\"finance\"}");
            assertThat(entries.get(5).details()).contains("\"action\":\"add\"", "\"before\":null", "\"role\":\"admin\"",
                    "\"password\":\"changed\"");
            for (AuditEntry e : entries) {
                assertThat(e.details()).doesNotContain("pbkdf2", PASSWORD, storedHash.split("\\$")[3]);
            }
            assertThat(db.database().inTransaction(tx -> tx.audit().verify()).intact()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void badInputConflictsAndTheLastAdminAreRefusedWithoutAnEntry(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            AccountAdministration admin = new AccountAdministration(db.database(), HASHER, Clock.fixed(NOW, ZoneOffset.UTC));
            admin.add("cli:ops", "root", Role.ADMIN, PASSWORD.toCharArray());
            admin.add("cli:ops", "eve", Role.AUDITOR, PASSWORD.toCharArray());

            assertThatThrownBy(() -> admin.add("cli:ops", "ROOT", Role.AUDITOR, PASSWORD.toCharArray()))
                    .isInstanceOf(IllegalStateException.class).hasMessage("admin user root already exists");
            assertThatThrownBy(() -> admin.add("cli:ops", "x y", Role.AUDITOR, PASSWORD.toCharArray()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("name:");
            assertThatThrownBy(() -> admin.add("cli:ops", "frank", Role.AUDITOR, "short".toCharArray()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("password: at least 12 characters");
            assertThatThrownBy(() -> admin.add("cli:ops", "frank", null, PASSWORD.toCharArray()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("role:");
            assertThatThrownBy(() -> admin.update("cli:ops", "eve", new AdminUserChange(null, null, null)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> admin.disable("cli:ops", "ghost"))
                    .isInstanceOf(NoSuchElementException.class).hasMessage("admin user ghost does not exist");
            assertThatThrownBy(() -> admin.remove("cli:ops", "ghost")).isInstanceOf(NoSuchElementException.class);
            assertThatThrownBy(() -> admin.get("ghost")).isInstanceOf(NoSuchElementException.class);

            assertThatThrownBy(() -> admin.remove("cli:ops", "root"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("last enabled admin");
            assertThatThrownBy(() -> admin.disable("cli:ops", "root"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("last enabled admin");
            assertThatThrownBy(() -> admin.update("cli:ops", "root", new AdminUserChange(Role.AUDITOR, null, null)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("last enabled admin");
            assertThat(admin.get("root").enabled()).isTrue();
            List<AuditEntry> entries = db.database().inTransaction(tx -> tx.audit().list(new AuditQuery(null, null, null, 0)));
            assertThat(entries).as("only the two adds").hasSize(2);

            admin.update("cli:ops", "eve", new AdminUserChange(Role.ADMIN, null, null));
            admin.disable("cli:ops", "root");
            assertThat(admin.get("root").enabled()).as("with another admin left it may go").isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void theLoginCheckRefusesUnknownDisabledAndWrongAlikeButSaysWhyForTheAuditLog(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            AccountAdministration admin = new AccountAdministration(db.database(), HASHER, Clock.fixed(NOW, ZoneOffset.UTC));
            admin.add("cli:ops", "gina", Role.FINANCE, PASSWORD.toCharArray());
            admin.add("cli:ops", "hal", Role.AUDITOR, PASSWORD.toCharArray());
            admin.disable("cli:ops", "hal");
            AdminAuthenticator auth = new AdminAuthenticator(db.database(), HASHER);

            assertThat(auth.check("GINA", PASSWORD.toCharArray()))
                    .isInstanceOfSatisfying(AdminAuthenticator.Result.Accepted.class, a -> assertThat(a.user().role()).isEqualTo(Role.FINANCE));
            assertThat(auth.check("gina", "wrong-password-123".toCharArray())).isEqualTo(new AdminAuthenticator.Result.Refused("wrong password"));
            assertThat(auth.check("hal", PASSWORD.toCharArray())).isEqualTo(new AdminAuthenticator.Result.Refused("account disabled"));
            assertThat(auth.check("nobody", PASSWORD.toCharArray())).isEqualTo(new AdminAuthenticator.Result.Refused("unknown user"));
            assertThat(auth.check("x".repeat(500), PASSWORD.toCharArray())).isEqualTo(new AdminAuthenticator.Result.Refused("unknown user"));
            assertThat(auth.check(null, new char[0])).isEqualTo(new AdminAuthenticator.Result.Refused("unknown user"));
        }
    }
}
