package org.palisade.registrar.location;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.admin.Administration;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditQuery;
import org.palisade.core.audit.AuditType;
import org.palisade.core.location.Binding;
import org.palisade.core.location.ContactSpec;
import org.palisade.core.location.RegisterRequest;
import org.palisade.core.location.RegisterResult;
import org.palisade.db.Database;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.core.testing.MutableClock;
import org.palisade.registrar.RegistrarSettings;

/** REGISTER processing (RFC 3261 10.3) and the location service against a real, migrated database. */
class LocationRegistrarTest {

    private static final String REALM = "palisade.example";
    private static final String AOR = "1001";
    private static final int MIN = 60;
    private static final int MAX = 3600;
    private static final int DEFAULT = 1800;
    private static final int MAX_CONTACTS = 3;
    private static final String HOST = "198.51.100.7";
    private static final int PORT = 5062;
    private static final String DESK = "sip:1001@198.51.100.7:5062";
    private static final String MOBILE = "sip:1001@203.0.113.40:40123;transport=tcp";
    private static final RegistrarSettings SETTINGS = new RegistrarSettings(REALM, MIN, MAX, DEFAULT, MAX_CONTACTS,
            Duration.ofMinutes(5), 5, Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofSeconds(10));

    /** A migrated database with extensions 1001 and 1002, and one registrar node on it. */
    private static final class Fixture implements AutoCloseable {
        final TestDatabase db;
        final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T09:30:00Z"));
        final LocationRegistrar registrar;

        Fixture(TestDb kind) {
            db = TestDatabase.create(kind);
            Administration admin = new Administration(db.database(), REALM, clock);
            admin.addExtension("cli:test", "1001", "Alice", null, null, "correct-horse-battery".toCharArray());
            admin.addExtension("cli:test", "1002", "Bob", null, null, "correct-horse-battery".toCharArray());
            registrar = new LocationRegistrar(db.database(), SETTINGS, clock);
        }

        long now() {
            return clock.millis();
        }

        List<Binding> stored(String aor) {
            return db.database().inTransaction(tx -> tx.bindings().forAor(aor));
        }

        List<AuditEntry> audit(AuditType type) {
            return db.database().inTransaction(tx -> tx.audit().list(new AuditQuery(null, type, null, 1000)));
        }

        boolean auditIntact() {
            return db.database().inTransaction(tx -> tx.audit().verify()).intact();
        }

        @Override
        public void close() {
            db.close();
        }
    }

    private static RegisterRequest register(String aor, Integer expiresHeader, String callId, long cseq, ContactSpec... contacts) {
        return new RegisterRequest(aor, List.of(contacts), false, expiresHeader, callId, cseq, HOST, PORT, "udp", "Linphone/5.2");
    }

    private static RegisterRequest register(String contact, Integer expiresHeader, String callId, long cseq) {
        return register(AOR, expiresHeader, callId, cseq, new ContactSpec(contact, null, null));
    }

    private static RegisterRequest wildcard(Integer expiresHeader, String callId, long cseq, ContactSpec... others) {
        return new RegisterRequest(AOR, List.of(others), true, expiresHeader, callId, cseq, HOST, PORT, "udp", "Linphone/5.2");
    }

    private static List<Binding> ok(RegisterResult result) {
        assertThat(result).isInstanceOf(RegisterResult.Ok.class);
        return ((RegisterResult.Ok) result).bindings();
    }

    private static void assertRejected(RegisterResult result, int code) {
        assertThat(result).isInstanceOf(RegisterResult.Rejected.class);
        assertThat(((RegisterResult.Rejected) result).code()).isEqualTo(code);
    }

    // --- new bindings and refreshes ---

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aNewContactIsBoundStoredAndAuditedAsLogon(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            List<Binding> bindings = ok(f.registrar.register(register(DESK, 3600, "call-1", 1)));

            assertThat(bindings).singleElement().satisfies(b -> {
                assertThat(b.aor()).isEqualTo(AOR);
                assertThat(b.contactUri()).isEqualTo(DESK);
                assertThat(b.expiresAtMillis()).isEqualTo(f.now() + 3600_000L);
                assertThat(b.source()).isEqualTo(HOST + ":" + PORT);
                assertThat(b.transport()).isEqualTo("udp");
                assertThat(b.userAgent()).isEqualTo("Linphone/5.2");
            });
            assertThat(f.stored(AOR)).isEqualTo(bindings);
            assertThat(f.registrar.lookup(AOR)).isEqualTo(bindings);
            List<AuditEntry> logons = f.audit(AuditType.LOGON);
            assertThat(logons).singleElement().satisfies(e -> {
                assertThat(e.actor()).isEqualTo(AOR);
                assertThat(e.subject()).isEqualTo(AOR);
                assertThat(e.source()).isEqualTo(HOST + ":" + PORT);
                assertThat(e.details()).contains("\"contact\":\"" + DESK + "\"", "\"expires\":3600", "\"userAgent\":\"Linphone/5.2\"");
            });
            assertThat(f.auditIntact()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void severalDevicesOfOneExtensionAreBoundSideBySide(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            f.registrar.register(register(DESK, 3600, "call-desk", 1));
            List<Binding> bindings = ok(f.registrar.register(register(MOBILE, 600, "call-mobile", 1)));

            assertThat(bindings).extracting(Binding::contactUri).containsExactlyInAnyOrder(DESK, MOBILE);
            assertThat(f.registrar.lookup(AOR)).hasSize(2);
            assertThat(f.registrar.lookup("1002")).isEmpty();
            assertThat(f.audit(AuditType.LOGON)).hasSize(2);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aRefreshWithAHigherCSeqExtendsTheBindingWithoutANewLogon(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            f.registrar.register(register(DESK, 600, "call-1", 1));
            f.clock.advance(Duration.ofSeconds(300));

            List<Binding> bindings = ok(f.registrar.register(register(DESK, 600, "call-1", 2)));

            assertThat(bindings).singleElement().satisfies(b -> {
                assertThat(b.expiresAtMillis()).isEqualTo(f.now() + 600_000L);
                assertThat(b.cseq()).isEqualTo(2);
            });
            assertThat(f.audit(AuditType.LOGON)).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void theSameCallIdWithTheSameCSeqIsRejectedAsOutOfOrder(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            List<Binding> before = ok(f.registrar.register(register(DESK, 600, "call-1", 5)));
            f.clock.advance(Duration.ofSeconds(10));

            RegisterResult result = f.registrar.register(register(DESK, 3600, "call-1", 5));

            assertRejected(result, 500);
            assertThat(f.stored(AOR)).isEqualTo(before);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void theSameCallIdWithALowerCSeqIsRejectedAsOutOfOrder(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            f.registrar.register(register(DESK, 600, "call-1", 5));

            assertRejected(f.registrar.register(register(DESK, 0, "call-1", 4)), 500);
            assertThat(f.stored(AOR)).hasSize(1);
            assertThat(f.audit(AuditType.LOGOFF)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void anOutOfOrderContactRollsBackTheWholeRequest(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            f.registrar.register(register(DESK, 600, "call-1", 5));
            int auditBefore = f.audit(AuditType.LOGON).size();

            RegisterResult result = f.registrar.register(register(AOR, 600, "call-1", 5,
                    new ContactSpec(MOBILE, null, null), new ContactSpec(DESK, null, null)));

            assertRejected(result, 500);
            assertThat(f.stored(AOR)).extracting(Binding::contactUri).containsExactly(DESK);
            assertThat(f.audit(AuditType.LOGON)).hasSize(auditBefore);
            assertThat(f.registrar.lookup(AOR)).extracting(Binding::contactUri).containsExactly(DESK);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aNewCallIdIsARestartedDeviceWhateverItsCSeqAndIsAuditedAgain(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            f.registrar.register(register(DESK, 600, "call-1", 50));

            List<Binding> bindings = ok(f.registrar.register(register(DESK, 600, "call-2", 1)));

            assertThat(bindings).singleElement().satisfies(b -> {
                assertThat(b.callId()).isEqualTo("call-2");
                assertThat(b.cseq()).isEqualTo(1);
            });
            assertThat(f.audit(AuditType.LOGON)).hasSize(2);
        }
    }

    // --- expiry values ---

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void anExpiryBelowTheMinimumIsTooBrief(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            RegisterResult result = f.registrar.register(register(DESK, MIN - 1, "call-1", 1));

            assertThat(result).isEqualTo(new RegisterResult.IntervalTooBrief(MIN));
            assertThat(f.stored(AOR)).isEmpty();
            assertThat(f.audit(AuditType.LOGON)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void theMinimumExpiryItselfIsAccepted(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            List<Binding> bindings = ok(f.registrar.register(register(DESK, MIN, "call-1", 1)));

            assertThat(bindings.get(0).expiresAtMillis()).isEqualTo(f.now() + MIN * 1000L);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void anExpiryAboveTheMaximumIsClamped(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            List<Binding> bindings = ok(f.registrar.register(register(DESK, 86_400, "call-1", 1)));

            assertThat(bindings.get(0).secondsLeft(f.now())).isEqualTo(MAX);
            assertThat(f.audit(AuditType.LOGON).get(0).details()).contains("\"expires\":" + MAX);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void withoutAnyExpiryTheDefaultApplies(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            List<Binding> bindings = ok(f.registrar.register(register(DESK, null, "call-1", 1)));

            assertThat(bindings.get(0).secondsLeft(f.now())).isEqualTo(DEFAULT);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void theContactsExpiresParameterOverridesTheExpiresHeader(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            List<Binding> bindings = ok(f.registrar.register(register(AOR, 3600, "call-1", 1,
                    new ContactSpec(DESK, 120, null), new ContactSpec(MOBILE, null, null))));

            assertThat(bindings).filteredOn(b -> b.contactUri().equals(DESK)).singleElement()
                    .satisfies(b -> assertThat(b.secondsLeft(f.now())).isEqualTo(120));
            assertThat(bindings).filteredOn(b -> b.contactUri().equals(MOBILE)).singleElement()
                    .satisfies(b -> assertThat(b.secondsLeft(f.now())).isEqualTo(3600));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aContactExpiresParameterBelowTheMinimumIsTooBriefEvenWithAGoodHeader(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            RegisterResult result = f.registrar.register(register(AOR, 3600, "call-1", 1, new ContactSpec(DESK, 30, null)));

            assertThat(result).isEqualTo(new RegisterResult.IntervalTooBrief(MIN));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aNegativeExpiryIsABadRequest(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            assertRejected(f.registrar.register(register(DESK, -1, "call-1", 1)), 400);
            assertThat(f.stored(AOR)).isEmpty();
        }
    }

    // --- q values and the contact limit ---

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void qValuesOutsideZeroToOneAreABadRequest(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            assertRejected(f.registrar.register(register(AOR, 600, "call-1", 1, new ContactSpec(DESK, null, 1.5f))), 400);
            assertRejected(f.registrar.register(register(AOR, 600, "call-1", 2, new ContactSpec(DESK, null, -0.1f))), 400);
            assertThat(f.stored(AOR)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void qValuesAtTheLimitsAreStored(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            f.registrar.register(register(AOR, 600, "call-1", 1, new ContactSpec(DESK, null, 1.0f), new ContactSpec(MOBILE, null, 0.0f)));

            assertThat(f.stored(AOR)).extracting(Binding::q).containsExactlyInAnyOrder(1.0f, 0.0f);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void oneContactMoreThanTheLimitIsForbidden(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            for (int i = 1; i <= MAX_CONTACTS; i++) {
                ok(f.registrar.register(register("sip:1001@192.0.2." + i, 600, "call-" + i, 1)));
            }

            RegisterResult result = f.registrar.register(register("sip:1001@192.0.2.99", 600, "call-99", 1));

            assertRejected(result, 403);
            assertThat(f.stored(AOR)).hasSize(MAX_CONTACTS);
            assertThat(f.audit(AuditType.LOGON)).hasSize(MAX_CONTACTS);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void atTheLimitExistingContactsCanStillRefresh(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            for (int i = 1; i <= MAX_CONTACTS; i++) {
                f.registrar.register(register("sip:1001@192.0.2." + i, 600, "call-" + i, 1));
            }

            assertThat(ok(f.registrar.register(register("sip:1001@192.0.2.1", 600, "call-1", 2)))).hasSize(MAX_CONTACTS);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void expiredButNotYetSweptBindingsDoNotCountAgainstTheLimit(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            for (int i = 1; i <= MAX_CONTACTS; i++) {
                f.registrar.register(register("sip:1001@192.0.2." + i, 60, "call-" + i, 1));
            }
            f.clock.advance(Duration.ofSeconds(61));

            List<Binding> bindings = ok(f.registrar.register(register("sip:1001@192.0.2.99", 600, "call-99", 1)));

            assertThat(bindings).extracting(Binding::contactUri).containsExactly("sip:1001@192.0.2.99");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void theContactLimitIsPerExtension(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            for (int i = 1; i <= MAX_CONTACTS; i++) {
                f.registrar.register(register("sip:1001@192.0.2." + i, 600, "call-" + i, 1));
            }

            RegisterResult other = f.registrar.register(register("1002", 600, "call-b", 1, new ContactSpec("sip:1002@192.0.2.50", null, null)));

            assertThat(ok(other)).hasSize(1);
        }
    }

    // --- removal ---

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void expiresZeroRemovesTheBindingAndAuditsLogoff(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            f.registrar.register(register(DESK, 600, "call-desk", 1));
            f.registrar.register(register(MOBILE, 600, "call-mobile", 1));

            List<Binding> left = ok(f.registrar.register(register(DESK, 0, "call-desk", 2)));

            assertThat(left).extracting(Binding::contactUri).containsExactly(MOBILE);
            assertThat(f.stored(AOR)).extracting(Binding::contactUri).containsExactly(MOBILE);
            assertThat(f.registrar.lookup(AOR)).extracting(Binding::contactUri).containsExactly(MOBILE);
            assertThat(f.audit(AuditType.LOGOFF)).singleElement().satisfies(e -> {
                assertThat(e.subject()).isEqualTo(AOR);
                assertThat(e.source()).isEqualTo(HOST + ":" + PORT);
                assertThat(e.details()).contains("\"contact\":\"" + DESK + "\"");
            });
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void removingAContactThatIsNotBoundChangesNothingAndAuditsNothing(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            f.registrar.register(register(DESK, 600, "call-desk", 1));

            List<Binding> left = ok(f.registrar.register(register(MOBILE, 0, "call-mobile", 1)));

            assertThat(left).extracting(Binding::contactUri).containsExactly(DESK);
            assertThat(f.audit(AuditType.LOGOFF)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aWildcardWithExpiresZeroRemovesEveryBindingAndAuditsEach(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            f.registrar.register(register(DESK, 600, "call-desk", 1));
            f.registrar.register(register(MOBILE, 600, "call-mobile", 1));

            List<Binding> left = ok(f.registrar.register(wildcard(0, "call-other", 1)));

            assertThat(left).isEmpty();
            assertThat(f.stored(AOR)).isEmpty();
            assertThat(f.registrar.lookup(AOR)).isEmpty();
            assertThat(f.audit(AuditType.LOGOFF)).extracting(AuditEntry::details)
                    .anySatisfy(d -> assertThat(d).contains(DESK))
                    .anySatisfy(d -> assertThat(d).contains(MOBILE))
                    .hasSize(2);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aWildcardWithANonZeroExpiresIsABadRequest(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            f.registrar.register(register(DESK, 600, "call-desk", 1));

            assertRejected(f.registrar.register(wildcard(3600, "call-desk", 2)), 400);
            assertThat(f.stored(AOR)).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aWildcardWithoutAnExpiresHeaderIsABadRequest(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            f.registrar.register(register(DESK, 600, "call-desk", 1));

            assertRejected(f.registrar.register(wildcard(null, "call-desk", 2)), 400);
            assertThat(f.stored(AOR)).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aWildcardWithAnotherContactIsABadRequest(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            f.registrar.register(register(DESK, 600, "call-desk", 1));

            assertRejected(f.registrar.register(wildcard(0, "call-desk", 2, new ContactSpec(MOBILE, null, null))), 400);
            assertThat(f.stored(AOR)).extracting(Binding::contactUri).containsExactly(DESK);
            assertThat(f.audit(AuditType.LOGOFF)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void anOutOfOrderWildcardIsRejected(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            f.registrar.register(register(DESK, 600, "call-desk", 7));

            assertRejected(f.registrar.register(wildcard(0, "call-desk", 7)), 500);
            assertThat(f.stored(AOR)).hasSize(1);
        }
    }

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

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void atTheLimitAContactCanBeReplacedInOneRequest(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            for (int i = 1; i <= MAX_CONTACTS; i++) {
                f.registrar.register(register("sip:1001@192.0.2." + i, 600, "call-" + i, 1));
            }

            RegisterResult result = f.registrar.register(register(AOR, 600, "call-1", 2,
                    new ContactSpec("sip:1001@192.0.2.1", 0, null), new ContactSpec("sip:1001@192.0.2.99", null, null)));

            assertThat(ok(result)).extracting(Binding::contactUri)
                    .containsExactlyInAnyOrder("sip:1001@192.0.2.2", "sip:1001@192.0.2.3", "sip:1001@192.0.2.99");
        }
    }
}
