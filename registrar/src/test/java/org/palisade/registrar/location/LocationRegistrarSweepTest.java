package org.palisade.registrar.location;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditType;
import org.palisade.core.location.Binding;
import org.palisade.core.location.ContactSpec;
import org.palisade.core.location.RegisterRequest;
import org.palisade.core.location.RegisterResult;
import org.palisade.db.Database;
import org.palisade.db.testing.TestDb;

/**
 * The location service against a real, migrated database: lookup hiding and sweeping expired bindings, and several
 * registrar nodes sharing one database (resync, concurrent sweeps and registrations, a refresh racing a sweep).
 */
class LocationRegistrarSweepTest extends LocationRegistrarTestBase {

    // --- expiry sweep ---

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void lookupHidesABindingTheMomentItExpires(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            f.registrar.register(register(DESK, 60, "call-1", 1));
            f.clock.advance(Duration.ofSeconds(60).minusMillis(1));
            assertThat(f.registrar.lookup(AOR)).hasSize(1);

            f.clock.advance(Duration.ofMillis(1));

            assertThat(f.registrar.lookup(AOR)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void expireRemovesDueBindingsAndAuditsEachOnce(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            f.registrar.register(register(DESK, 60, "call-desk", 1));
            f.registrar.register(register(MOBILE, 3600, "call-mobile", 1));
            f.clock.advance(Duration.ofSeconds(61));

            assertThat(f.registrar.expire()).isEqualTo(1);

            assertThat(f.stored(AOR)).extracting(Binding::contactUri).containsExactly(MOBILE);
            assertThat(f.registrar.lookup(AOR)).extracting(Binding::contactUri).containsExactly(MOBILE);
            assertThat(f.registrar.bindingCount()).isEqualTo(1);
            assertThat(f.audit(AuditType.EXPIRED)).singleElement().satisfies(e -> {
                assertThat(e.actor()).isEqualTo("system");
                assertThat(e.subject()).isEqualTo(AOR);
                assertThat(e.source()).isEqualTo(HOST + ":" + PORT);
                assertThat(e.details()).contains("\"contact\":\"" + DESK + "\"");
                assertThat(e.occurredAtMillis()).isEqualTo(f.now());
            });

            assertThat(f.registrar.expire()).isZero();
            assertThat(f.audit(AuditType.EXPIRED)).hasSize(1);
            assertThat(f.auditIntact()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void expireLeavesBindingsThatAreStillCurrent(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            f.registrar.register(register(DESK, 60, "call-desk", 1));
            f.clock.advance(Duration.ofSeconds(59));

            assertThat(f.registrar.expire()).isZero();
            assertThat(f.stored(AOR)).hasSize(1);
            assertThat(f.audit(AuditType.EXPIRED)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aRefreshedBindingIsNotExpiredAtItsOldTime(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            f.registrar.register(register(DESK, 60, "call-desk", 1));
            f.clock.advance(Duration.ofSeconds(30));
            f.registrar.register(register(DESK, 60, "call-desk", 2));
            f.clock.advance(Duration.ofSeconds(31));

            assertThat(f.registrar.expire()).isZero();
            assertThat(f.registrar.lookup(AOR)).hasSize(1);
        }
    }

    // --- several nodes on one database ---

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void resyncPicksUpBindingsAnotherNodeAddedAndDropsRemovedOnes(TestDb kind) {
        try (Fixture f = new Fixture(kind); Database nodeBDb = new Database(f.db.settings())) {
            LocationRegistrar nodeB = new LocationRegistrar(nodeBDb, SETTINGS, f.clock);
            f.registrar.register(register(DESK, 600, "call-desk", 1));
            assertThat(nodeB.lookup(AOR)).isEmpty();

            nodeB.resync();

            assertThat(nodeB.lookup(AOR)).extracting(Binding::contactUri).containsExactly(DESK);
            f.registrar.register(register(DESK, 0, "call-desk", 2));
            nodeB.resync();
            assertThat(nodeB.lookup(AOR)).isEmpty();
            assertThat(nodeB.bindingCount()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void resyncPicksUpRowsWrittenStraightToTheDatabase(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            f.registrar.register(register(DESK, 600, "call-desk", 1));
            Binding inserted = f.db.database().inTransaction(tx -> tx.bindings().insert(new Binding(null, "1002",
                    "sip:1002@192.0.2.50", null, f.now() + 600_000L, f.now(), "call-b", 1, "192.0.2.50", 5060, "udp", null)));
            f.db.execute("DELETE FROM binding WHERE aor = '1001'");

            f.registrar.resync();

            assertThat(f.registrar.lookup("1002")).containsExactly(inserted);
            assertThat(f.registrar.lookup(AOR)).isEmpty();
            assertThat(f.registrar.bindingCount()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void twoNodesSweepingAtOnceAuditEachExpiredBindingExactlyOnce(TestDb kind) throws Exception {
        int aors = 2;
        int perAor = MAX_CONTACTS;
        try (Fixture f = new Fixture(kind); Database nodeBDb = new Database(f.db.settings())) {
            LocationRegistrar nodeA = f.registrar;
            LocationRegistrar nodeB = new LocationRegistrar(nodeBDb, SETTINGS, f.clock);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int round = 1; round <= 5; round++) {
                    for (int a = 1; a <= aors; a++) {
                        String aor = "100" + a;
                        for (int c = 1; c <= perAor; c++) {
                            ok(nodeA.register(register(aor, 60, "r" + round + "-" + aor + "-" + c, 1,
                                    new ContactSpec("sip:" + aor + "@192.0.2." + c + ";r=" + round, null, null))));
                        }
                    }
                    f.clock.advance(Duration.ofSeconds(61));
                    CountDownLatch start = new CountDownLatch(1);
                    Callable<Integer> sweepA = () -> {
                        start.await();
                        return nodeA.expire();
                    };
                    Callable<Integer> sweepB = () -> {
                        start.await();
                        return nodeB.expire();
                    };
                    Future<Integer> a = pool.submit(sweepA);
                    Future<Integer> b = pool.submit(sweepB);
                    start.countDown();

                    assertThat(a.get() + b.get()).as("round %d", round).isEqualTo(aors * perAor);
                }
            } finally {
                pool.shutdownNow();
            }

            List<AuditEntry> expired = f.audit(AuditType.EXPIRED);
            assertThat(expired).hasSize(5 * aors * perAor);
            assertThat(expired).extracting(e -> e.subject() + " " + e.details()).doesNotHaveDuplicates();
            List<Binding> left = f.db.database().inTransaction(tx -> tx.bindings().all());
            assertThat(left).isEmpty();
            assertThat(f.auditIntact()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void twoNodesRegisteringOneExtensionAtOnceRespectTheContactLimit(TestDb kind) throws Exception {
        int attempts = 2 * MAX_CONTACTS;
        try (Fixture f = new Fixture(kind); Database nodeBDb = new Database(f.db.settings())) {
            LocationRegistrar[] nodes = {f.registrar, new LocationRegistrar(nodeBDb, SETTINGS, f.clock)};
            ExecutorService pool = Executors.newFixedThreadPool(attempts);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<RegisterResult>> results = new ArrayList<>();
                for (int i = 0; i < attempts; i++) {
                    LocationRegistrar node = nodes[i % 2];
                    RegisterRequest req = register("sip:1001@192.0.2." + (i + 1), 600, "call-" + i, 1);
                    results.add(pool.submit(() -> {
                        start.await();
                        return node.register(req);
                    }));
                }
                start.countDown();
                int accepted = 0;
                int forbidden = 0;
                for (Future<RegisterResult> r : results) {
                    RegisterResult result = r.get();
                    if (result instanceof RegisterResult.Ok) {
                        accepted++;
                    } else if (result instanceof RegisterResult.Rejected rejected && rejected.code() == 403) {
                        forbidden++;
                    }
                }

                assertThat(accepted).isEqualTo(MAX_CONTACTS);
                assertThat(forbidden).isEqualTo(attempts - MAX_CONTACTS);
                assertThat(f.stored(AOR)).hasSize(MAX_CONTACTS);
                assertThat(f.audit(AuditType.LOGON)).hasSize(MAX_CONTACTS);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    // --- races and edge cases found in review ---

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aBindingRefreshedWhileAnotherNodeSweepsIsNotExpired(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            InterleavingStorage sweeperDb = new InterleavingStorage(f.db.database());
            LocationRegistrar sweeper = new LocationRegistrar(sweeperDb, SETTINGS, f.clock);
            LocationRegistrar phoneNode = f.registrar;
            phoneNode.register(register(DESK, 60, "call-desk", 1));
            f.clock.advance(Duration.ofSeconds(61));
            // The phone's refresh arrives just late: after the sweeper has read the expired rows, before it deletes them.
            List<RegisterResult> refresh = new ArrayList<>();
            sweeperDb.afterExpiredRead(() -> refresh.add(phoneNode.register(register(DESK, 3600, "call-desk", 2))));

            sweeper.expire();

            assertThat(ok(refresh.get(0))).singleElement()
                    .satisfies(b -> assertThat(b.secondsLeft(f.now())).isEqualTo(3600));
            assertThat(f.stored(AOR)).as("the binding the phone was just granted for an hour").hasSize(1);
            assertThat(f.audit(AuditType.EXPIRED)).isEmpty();
        }
    }
}
