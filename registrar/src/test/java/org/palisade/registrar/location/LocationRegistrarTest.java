package org.palisade.registrar.location;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditType;
import org.palisade.core.location.Binding;
import org.palisade.core.location.ContactSpec;
import org.palisade.core.location.RegisterResult;
import org.palisade.db.testing.TestDb;

/**
 * REGISTER processing (RFC 3261 10.3) against a real, migrated database: new bindings, refreshes and CSeq ordering,
 * and how the requested expiry is checked, clamped and defaulted.
 */
class LocationRegistrarTest extends LocationRegistrarTestBase {

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
}
