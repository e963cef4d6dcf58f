package org.palisade.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.extension.DigestHashes;
import org.palisade.core.extension.Extension;
import org.palisade.core.rights.RightsProfile;
import org.palisade.core.rights.ServiceRight;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;

class ExtensionStoreTest {

    static Extension extension(String number, String name) {
        DigestHashes hashes = DigestHashes.of(number, "palisade", ("password-of-" + number).toCharArray());
        return new Extension(number, name, "Finance", "default", hashes.md5(), hashes.sha256(), true);
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void insertedExtensionIsFoundWithEveryField(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            Extension alice = new Extension("1001", "Alice Müller", null, "default",
                    "0123456789abcdef0123456789abcdef", "ab".repeat(32), false);
            db.database().inTransaction(tx -> {
                tx.extensions().insert(alice);
                return null;
            });

            Optional<Extension> found = db.database().inTransaction(tx -> tx.extensions().find("1001"));
            assertThat(found).contains(alice);
            Optional<Extension> missing = db.database().inTransaction(tx -> tx.extensions().find("1002"));
            assertThat(missing).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void listIsOrderedByNumber(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            db.database().inTransaction(tx -> {
                tx.extensions().insert(extension("2002", "Bob"));
                tx.extensions().insert(extension("1001", "Alice"));
                return null;
            });
            List<Extension> all = db.database().inTransaction(tx -> tx.extensions().list());
            assertThat(all).extracting(Extension::number).containsExactly("1001", "2002");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void updateChangesEveryEditableField(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            db.database().inTransaction(tx -> {
                tx.profiles().insert(new RightsProfile("voice-only", Set.of(ServiceRight.VOICE)));
                tx.extensions().insert(extension("1001", "Alice"));
                return null;
            });
            Extension changed = extension("1001", "Alice Smith").withDepartment(null).withProfile("voice-only")
                    .withCredentials(DigestHashes.of("1001", "palisade", "another-password".toCharArray())).withEnabled(false);
            db.database().inTransaction(tx -> {
                tx.extensions().update(changed);
                return null;
            });
            Optional<Extension> found = db.database().inTransaction(tx -> tx.extensions().find("1001"));
            assertThat(found).contains(changed);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void deleteRemovesAndMissingNumbersAreReported(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            db.database().inTransaction(tx -> {
                tx.extensions().insert(extension("1001", "Alice"));
                return null;
            });
            db.database().inTransaction(tx -> {
                tx.extensions().delete("1001");
                return null;
            });
            Optional<Extension> found = db.database().inTransaction(tx -> tx.extensions().find("1001"));
            assertThat(found).isEmpty();

            assertThatThrownBy(() -> db.database().inTransaction(tx -> {
                tx.extensions().delete("1001");
                return null;
            })).isInstanceOf(NoSuchElementException.class).hasMessageContaining("1001");
            assertThatThrownBy(() -> db.database().inTransaction(tx -> {
                tx.extensions().update(extension("1001", "Alice"));
                return null;
            })).isInstanceOf(NoSuchElementException.class).hasMessageContaining("1001");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void duplicateNumberAndUnknownProfileAreConflicts(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            db.database().inTransaction(tx -> {
                tx.extensions().insert(extension("1001", "Alice"));
                return null;
            });
            assertThatThrownBy(() -> db.database().inTransaction(tx -> {
                tx.extensions().insert(extension("1001", "Someone else"));
                return null;
            })).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("extension 1001 conflicts");
            assertThatThrownBy(() -> db.database().inTransaction(tx -> {
                tx.extensions().insert(extension("1002", "Bob").withProfile("no-such-profile"));
                return null;
            })).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("extension 1002 conflicts");

            List<Extension> all = db.database().inTransaction(tx -> tx.extensions().list());
            assertThat(all).extracting(Extension::name).containsExactly("Alice");
        }
    }
}
