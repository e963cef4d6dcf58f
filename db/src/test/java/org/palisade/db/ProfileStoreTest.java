package org.palisade.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.rights.RightsProfile;
import org.palisade.core.rights.ServiceRight;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;

class ProfileStoreTest {

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void insertListAndUpdate(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            RightsProfile sales = new RightsProfile("sales", EnumSet.of(ServiceRight.EXTERNAL_OUT, ServiceRight.VOICE));
            RightsProfile muted = new RightsProfile("muted", Set.of());
            db.database().inTransaction(tx -> {
                tx.profiles().insert(sales);
                tx.profiles().insert(muted);
                return null;
            });
            assertThat(db.queryString("SELECT rights FROM rights_profile WHERE name = 'sales'")).isEqualTo("voice,external-out");

            List<RightsProfile> all = db.database().inTransaction(tx -> tx.profiles().list());
            assertThat(all).extracting(RightsProfile::name).containsExactly("default", "muted", "sales");
            assertThat(all).contains(sales, muted);

            RightsProfile everything = new RightsProfile("sales", EnumSet.allOf(ServiceRight.class));
            db.database().inTransaction(tx -> {
                tx.profiles().update(everything);
                return null;
            });
            Optional<RightsProfile> found = db.database().inTransaction(tx -> tx.profiles().find("sales"));
            assertThat(found).contains(everything);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void duplicateAndMissingProfilesAreReported(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            assertThatThrownBy(() -> db.database().inTransaction(tx -> {
                tx.profiles().insert(new RightsProfile("default", Set.of()));
                return null;
            })).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("profile default conflicts");
            assertThatThrownBy(() -> db.database().inTransaction(tx -> {
                tx.profiles().update(new RightsProfile("nobody", Set.of()));
                return null;
            })).isInstanceOf(NoSuchElementException.class).hasMessageContaining("nobody");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void countsTheExtensionsUsingAProfile(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            db.database().inTransaction(tx -> {
                tx.profiles().insert(new RightsProfile("sales", Set.of(ServiceRight.VOICE)));
                tx.extensions().insert(ExtensionStoreTest.extension("1001", "Alice"));
                tx.extensions().insert(ExtensionStoreTest.extension("1002", "Bob"));
                tx.extensions().insert(ExtensionStoreTest.extension("1003", "Carol").withProfile("sales"));
                return null;
            });
            int defaults = db.database().inTransaction(tx -> tx.profiles().countExtensionsUsing("default"));
            int sales = db.database().inTransaction(tx -> tx.profiles().countExtensionsUsing("sales"));
            int none = db.database().inTransaction(tx -> tx.profiles().countExtensionsUsing("nobody"));
            assertThat(defaults).isEqualTo(2);
            assertThat(sales).isEqualTo(1);
            assertThat(none).isZero();
        }
    }
}
