package org.palisade.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.admin.Administration;
import org.palisade.core.admin.ExtensionChange;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditQuery;
import org.palisade.core.audit.AuditType;
import org.palisade.core.audit.VerifyResult;
import org.palisade.core.extension.DigestHashes;
import org.palisade.core.extension.Extension;
import org.palisade.core.rights.ServiceRight;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;

/** The admin service against a real database: the change and its audit entry land together. */
class AdministrationTest {

    private static final String REALM = "palisade.example";
    private static final Instant NOW = Instant.parse("2026-11-02T09:30:00.250Z");

    private static List<AuditEntry> auditOf(TestDatabase db, String subject) {
        return db.database().inTransaction(tx -> tx.audit().list(new AuditQuery(null, AuditType.CONFIG_CHANGED, subject, 0)));
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void extensionLifecycleIsStoredAndAuditedWithoutSecrets(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            Administration admin = new Administration(db.database(), REALM, Clock.fixed(NOW, ZoneOffset.UTC));
            String password = "correct-horse-battery";
            String newPassword = "staple-staple-staple";

            Extension added = admin.addExtension("cli:root", "1001", "Alice", "Finance", null, password.toCharArray());
            Optional<Extension> stored = db.database().inTransaction(tx -> tx.extensions().find("1001"));
            DigestHashes expected = DigestHashes.of("1001", REALM, password.toCharArray());
            assertThat(stored).contains(added);
            assertThat(added.ha1Md5()).isEqualTo(expected.md5());
            assertThat(added.ha1Sha256()).isEqualTo(expected.sha256());
            assertThat(added.profile()).isEqualTo("default");

            admin.updateExtension("cli:root", "1001", new ExtensionChange("Alice Smith", null, null, newPassword.toCharArray(), null));
            DigestHashes renewed = DigestHashes.of("1001", REALM, newPassword.toCharArray());

            List<AuditEntry> entries = auditOf(db, "extension:1001");
            assertThat(entries).hasSize(2);
            AuditEntry add = entries.get(1);
            assertThat(add.actor()).isEqualTo("cli:root");
            assertThat(add.occurredAtMillis()).isEqualTo(NOW.toEpochMilli());
            assertThat(add.details()).contains("\"action\":\"add\"", "\"name\":\"Alice\"", "\"department\":\"Finance\"");
            assertThat(entries.get(0).details()).contains("\"action\":\"set\"", "\"name\":\"Alice Smith\"", "\"password\":\"changed\"");
            for (AuditEntry e : entries) {
                assertThat(e.details()).doesNotContain(password, newPassword, expected.md5(), expected.sha256(), renewed.md5(),
                        renewed.sha256());
            }

            VerifyResult result = db.database().inTransaction(tx -> tx.audit().verify());
            assertThat(result.intact()).isTrue();
            assertThat(result.entriesChecked()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aRefusedChangeLeavesNoTrace(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            Administration admin = new Administration(db.database(), REALM, Clock.fixed(NOW, ZoneOffset.UTC));
            admin.addExtension("cli:root", "1001", "Alice", null, null, "correct-horse-battery".toCharArray());

            assertThatThrownBy(() -> admin.addExtension("cli:root", "1001", "Mallory", null, null, "another-password".toCharArray()))
                    .isInstanceOf(IllegalStateException.class).hasMessage("extension 1001 already exists");
            assertThatThrownBy(() -> admin.addExtension("cli:root", "1002", "Bob", null, "no-such", "another-password".toCharArray()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("profile:");

            assertThat(admin.extensions()).extracting(Extension::number).containsExactly("1001");
            assertThat(db.database().inTransaction(tx -> tx.audit().head()).lastSeq()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void profilesAndRemovalRoundTrip(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            Administration admin = new Administration(db.database(), REALM, Clock.fixed(NOW, ZoneOffset.UTC));
            admin.addProfile("cli:root", "sales", EnumSet.of(ServiceRight.VOICE));
            admin.setProfile("cli:root", "sales", EnumSet.of(ServiceRight.VOICE, ServiceRight.EXTERNAL_OUT));
            admin.addExtension("cli:root", "1001", "Alice", null, "sales", "correct-horse-battery".toCharArray());
            db.database().inTransaction(tx -> tx.bindings().insert(BindingStoreTest.binding("1001", "sip:1001@192.0.2.10", 5_000)));

            assertThat(admin.profiles()).filteredOn(p -> p.name().equals("sales")).singleElement()
                    .satisfies(p -> assertThat(p.rights()).containsExactlyInAnyOrder(ServiceRight.VOICE, ServiceRight.EXTERNAL_OUT));
            int users = db.database().inTransaction(tx -> tx.profiles().countExtensionsUsing("sales"));
            assertThat(users).isEqualTo(1);
            assertThat(auditOf(db, "profile:sales")).extracting(AuditEntry::details)
                    .containsExactly("{\"action\":\"set\",\"after\":{\"rights\":\"voice,external-out\"},\"before\":{\"rights\":\"voice\"},"
                            + "\"entity\":\"profile\"}",
                            "{\"action\":\"add\",\"after\":{\"rights\":\"voice\"},\"before\":null,\"entity\":\"profile\"}");

            admin.removeExtension("cli:root", "1001");
            assertThat(admin.extensions()).isEmpty();
            assertThat(db.queryString("SELECT COUNT(*) FROM binding")).isEqualTo("0");
            assertThat(auditOf(db, "extension:1001").get(0).details()).contains("\"bindingsDropped\":1");
            assertThat(db.database().inTransaction(tx -> tx.audit().verify()).intact()).isTrue();
        }
    }
}
