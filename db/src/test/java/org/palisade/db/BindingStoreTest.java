package org.palisade.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.location.Binding;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;

class BindingStoreTest {

    static Binding binding(String aor, String contact, long expiresAt) {
        return new Binding(null, aor, contact, null, expiresAt, 1_000L, "call-" + contact, 1, "192.0.2.10", 5060, "udp", null);
    }

    private static Binding insert(TestDatabase db, Binding b) {
        return db.database().inTransaction(tx -> tx.bindings().insert(b));
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void insertReturnsTheGeneratedIdAndEveryFieldRoundTrips(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            Binding full = new Binding(null, "1001", "sip:1001@198.51.100.7:5062;transport=tcp", 0.8f, 1_700_000_060_123L,
                    1_700_000_000_456L, "a84b4c76e66710@pc33", 314159, "198.51.100.7", 50123, "tcp", "Linphone/5.2");
            Binding first = insert(db, full);
            Binding second = insert(db, binding("1001", "sip:1001@192.0.2.10", 5_000));

            assertThat(first.id()).isNotNull();
            assertThat(second.id()).isNotNull().isNotEqualTo(first.id());
            assertThat(first).isEqualTo(new Binding(first.id(), full.aor(), full.contactUri(), full.q(), full.expiresAtMillis(),
                    full.registeredAtMillis(), full.callId(), full.cseq(), full.sourceHost(), full.sourcePort(), full.transport(),
                    full.userAgent()));

            List<Binding> stored = db.database().inTransaction(tx -> tx.bindings().forAor("1001"));
            assertThat(stored).containsExactly(first, second);
            assertThat(stored.get(1).q()).isNull();
            assertThat(stored.get(1).userAgent()).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void anAorHasEachContactOnce(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            insert(db, binding("1001", "sip:1001@192.0.2.10", 5_000));
            assertThatThrownBy(() -> insert(db, binding("1001", "sip:1001@192.0.2.10", 9_000)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("conflicts");
            insert(db, binding("1002", "sip:1001@192.0.2.10", 5_000));

            List<Binding> all = db.database().inTransaction(tx -> tx.bindings().all());
            assertThat(all).extracting(Binding::aor).containsExactly("1001", "1002");
            assertThat(all.get(0).expiresAtMillis()).isEqualTo(5_000);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void updateRefreshesABinding(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            Binding old = insert(db, binding("1001", "sip:1001@192.0.2.10", 5_000));
            Binding refreshed = old.refreshed(65_000, 0.5f, "new-call", 2, "203.0.113.9", 40000, "tls", "Zoiper");
            db.database().inTransaction(tx -> {
                tx.bindings().update(refreshed);
                return null;
            });
            List<Binding> stored = db.database().inTransaction(tx -> tx.bindings().forAor("1001"));
            assertThat(stored).containsExactly(refreshed);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void deleteSaysWhetherItRemovedTheRow(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            Binding a = insert(db, binding("1001", "sip:a@192.0.2.10", 5_000));
            insert(db, binding("1001", "sip:b@192.0.2.10", 5_000));
            insert(db, binding("1001", "sip:c@192.0.2.10", 5_000));
            Binding other = insert(db, binding("1002", "sip:d@192.0.2.10", 5_000));

            boolean first = db.database().inTransaction(tx -> tx.bindings().delete(a.id()));
            boolean again = db.database().inTransaction(tx -> tx.bindings().delete(a.id()));
            assertThat(first).isTrue();
            assertThat(again).isFalse();

            int dropped = db.database().inTransaction(tx -> tx.bindings().deleteForAor("1001"));
            assertThat(dropped).isEqualTo(2);
            List<Binding> all = db.database().inTransaction(tx -> tx.bindings().all());
            assertThat(all).containsExactly(other);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void expiredAtIncludesBindingsExpiringAtThatMoment(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            Binding early = insert(db, binding("1001", "sip:a@192.0.2.10", 1_000));
            Binding onTheDot = insert(db, binding("1002", "sip:b@192.0.2.10", 2_000));
            insert(db, binding("1003", "sip:c@192.0.2.10", 2_001));

            List<Binding> expired = db.database().inTransaction(tx -> tx.bindings().expiredAt(2_000));
            assertThat(expired).containsExactly(early, onTheDot);
        }
    }

    /**
     * The second REGISTER of an extension that has no binding yet must wait for the first and
     * then see its binding: with no binding row to lock, only the extension row can make it wait.
     */
    @ParameterizedTest
    @EnumSource(TestDb.class)
    void lockForAorMakesConcurrentRegistersQueue(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            db.database().inTransaction(tx -> {
                tx.extensions().insert(ExtensionStoreTest.extension("1001", "Alice"));
                return null;
            });
            CountDownLatch firstHoldsLock = new CountDownLatch(1);
            CompletableFuture<List<Binding>> first = CompletableFuture.supplyAsync(() -> db.database().inTransaction(tx -> {
                List<Binding> seen = tx.bindings().lockForAor("1001");
                firstHoldsLock.countDown();
                pause(500);
                tx.bindings().insert(binding("1001", "sip:1001@192.0.2.10", 5_000));
                return seen;
            }));
            firstHoldsLock.await();
            List<Binding> secondSaw = db.database().inTransaction(tx -> tx.bindings().lockForAor("1001"));

            assertThat(first.get()).isEmpty();
            assertThat(secondSaw).extracting(Binding::contactUri).containsExactly("sip:1001@192.0.2.10");
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
