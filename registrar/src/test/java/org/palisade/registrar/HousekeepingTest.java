package org.palisade.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.admin.Administration;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditLog;
import org.palisade.core.audit.AuditQuery;
import org.palisade.core.audit.AuditType;
import org.palisade.core.location.ContactSpec;
import org.palisade.core.location.RegisterRequest;
import org.palisade.core.testing.MutableClock;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.registrar.auth.NonceManager;
import org.palisade.registrar.location.LocationRegistrar;
import org.palisade.core.auth.LockoutTracker;

/** One housekeeping tick, driven by hand: what an admin later reads in the audit log. */
class HousekeepingTest {

    private static final RegistrarSettings SETTINGS = RegistrarSettings.defaults("palisade.example");

    private static List<AuditEntry> audit(TestDatabase db, AuditType type) {
        return db.database().inTransaction(tx -> tx.audit().list(new AuditQuery(null, type, null, 0)));
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aTickAuditsTheEndOfALockOutOnceAndExpiresDueBindings(TestDb kind) {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-02T09:30:00Z"));
        try (TestDatabase db = TestDatabase.create(kind)) {
            new Administration(db.database(), SETTINGS.realm(), clock)
                    .addExtension("cli:test", "1001", "Alice", null, null, "correct-horse-battery".toCharArray());
            LocationRegistrar registrar = new LocationRegistrar(db.database(), SETTINGS, clock);
            LockoutTracker lockout = new LockoutTracker(clock, SETTINGS.lockoutMaxFailures(), SETTINGS.lockoutWindow(),
                    SETTINGS.lockoutDuration());
            Housekeeping housekeeping = new Housekeeping(registrar, lockout, new NonceManager(clock, SETTINGS.nonceLifetime()),
                    new AuditLog(db.database(), clock), SETTINGS);
            registrar.register(new RegisterRequest("1001", List.of(new ContactSpec("sip:1001@192.0.2.7", null, null)), false, 60,
                    "call-1", 1, "192.0.2.7", 5060, "udp", null));
            for (int i = 0; i < SETTINGS.lockoutMaxFailures(); i++) {
                lockout.fail("source:203.0.113.66");
            }

            clock.advance(SETTINGS.lockoutDuration());
            housekeeping.tick();
            clock.advance(Duration.ofSeconds(1));
            housekeeping.tick();

            assertThat(audit(db, AuditType.UNLOCKED)).singleElement().satisfies(e -> {
                assertThat(e.subject()).isEqualTo("source:203.0.113.66");
                assertThat(e.details()).contains("\"lockedAt\":\"2026-11-02T09:30:00Z\"");
            });
            assertThat(audit(db, AuditType.EXPIRED)).hasSize(1);
            assertThat(registrar.lookup("1001")).isEmpty();
        }
    }
}
