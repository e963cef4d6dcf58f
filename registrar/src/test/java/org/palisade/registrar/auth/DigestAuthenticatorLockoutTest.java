package org.palisade.registrar.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditType;
import org.palisade.core.auth.AuthOutcome;
import org.palisade.db.testing.TestDb;

/**
 * Digest authentication of REGISTER against a real, migrated database: nonce reuse, replay and staleness, and
 * locking out a source address or an extension after repeated failures.
 */
class DigestAuthenticatorLockoutTest extends DigestAuthenticatorTestBase {

    // --- nonce reuse, replay and staleness ---

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aPhoneMayReuseItsNonceWithTheNextCount(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            Map<String, String> first = f.answer("SHA-256", NUMBER, PASSWORD);
            assertThat(f.register(PHONE, first)).isInstanceOf(AuthOutcome.Authenticated.class);
            Map<String, String> second = new LinkedHashMap<>(first);
            second.put("nc", "00000002");

            assertThat(f.register(PHONE, sign(second, PASSWORD))).isInstanceOf(AuthOutcome.Authenticated.class);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aReplayedAuthorizationIsRefused(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            Map<String, String> creds = f.answer("SHA-256", NUMBER, PASSWORD);
            assertThat(f.register(PHONE, creds)).isInstanceOf(AuthOutcome.Authenticated.class);

            AuthOutcome replay = f.register(PHONE, new LinkedHashMap<>(creds));

            assertFailedWith(f, replay, "nonce-count replayed");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aNonceTheServerNeverIssuedIsRefused(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            NonceManager otherServer = new NonceManager(f.clock, NONCE_LIFETIME);
            Map<String, String> creds = sign(credentials(NUMBER, otherServer.issue(), "SHA-256"), PASSWORD);

            assertFailedWith(f, f.register(PHONE, creds), "nonce not issued by this server");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aStaleNonceWithTheRightPasswordGetsAStaleChallengeAndNoFailure(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            Map<String, String> creds = f.answer("SHA-256", NUMBER, PASSWORD);
            f.clock.advance(NONCE_LIFETIME.plusSeconds(1));

            AuthOutcome outcome = f.register(PHONE, creds);

            assertThat(outcome).isInstanceOf(AuthOutcome.Challenge.class);
            assertThat(((AuthOutcome.Challenge) outcome).challenges()).allSatisfy(h -> assertThat(h).endsWith(", stale=true"));
            assertThat(f.audit(AuditType.LOGON_FAILED)).isEmpty();
            assertThat(f.register(PHONE, f.answer("SHA-256", NUMBER, PASSWORD))).isInstanceOf(AuthOutcome.Authenticated.class);
        }
    }

    // --- lock-out ---

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void repeatedFailuresLockOutTheSourceAndTheExtension(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            for (int i = 1; i < MAX_FAILURES; i++) {
                assertThat(f.login(PHONE, NUMBER, "guess-" + i)).isInstanceOf(AuthOutcome.Challenge.class);
            }

            AuthOutcome last = f.login(PHONE, NUMBER, "guess-last");

            assertThat(last).isInstanceOf(AuthOutcome.Refused.class);
            assertThat(f.audit(AuditType.LOCKED_OUT)).extracting(AuditEntry::subject)
                    .containsExactlyInAnyOrder("source:" + PHONE, "extension:" + NUMBER);
            assertThat(f.audit(AuditType.LOCKED_OUT)).allSatisfy(e -> assertThat(e.source()).isEqualTo(PHONE));
            assertThat(f.audit(AuditType.LOGON_FAILED)).hasSize(MAX_FAILURES);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aLockedOutExtensionIsRefusedEvenWithTheRightPasswordFromAnotherAddress(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            for (int i = 1; i <= MAX_FAILURES; i++) {
                f.login("198.51.100." + i, NUMBER, "guess-" + i);
            }

            AuthOutcome outcome = f.login("203.0.113.9", NUMBER, PASSWORD);

            assertThat(outcome).isInstanceOf(AuthOutcome.Refused.class);
            assertThat(f.audit(AuditType.LOCKED_OUT)).extracting(AuditEntry::subject).containsExactly("extension:" + NUMBER);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aLockedOutSourceIsRefusedForEveryExtensionWhileOthersStillLogOn(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            for (int i = 1; i <= MAX_FAILURES; i++) {
                f.login(PHONE, "190" + i, PASSWORD);
            }

            assertThat(f.login(PHONE, NUMBER, PASSWORD)).isInstanceOf(AuthOutcome.Refused.class);
            assertThat(f.login("192.0.2.8", NUMBER, PASSWORD)).isInstanceOf(AuthOutcome.Authenticated.class);
            assertThat(f.audit(AuditType.LOCKED_OUT)).extracting(AuditEntry::subject).containsExactly("source:" + PHONE);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void theLockOutEndsAfterItsDuration(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            for (int i = 1; i <= MAX_FAILURES; i++) {
                f.login(PHONE, NUMBER, "guess-" + i);
            }
            f.clock.advance(LOCK);

            assertThat(f.login(PHONE, NUMBER, PASSWORD)).isInstanceOf(AuthOutcome.Authenticated.class);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aSuccessfulLogonClearsTheExtensionsFailures(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            for (int i = 1; i < MAX_FAILURES; i++) {
                f.login("198.51.100." + i, NUMBER, "guess-" + i);
            }
            assertThat(f.login("192.0.2.8", NUMBER, PASSWORD)).isInstanceOf(AuthOutcome.Authenticated.class);

            AuthOutcome next = f.login("203.0.113.9", NUMBER, "guess-again");

            assertThat(next).isInstanceOf(AuthOutcome.Challenge.class);
            assertThat(f.audit(AuditType.LOCKED_OUT)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void failuresAndLockOutsKeepTheAuditChainIntact(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            for (int i = 1; i <= MAX_FAILURES + 1; i++) {
                f.login(PHONE, NUMBER, "guess-" + i);
            }

            var result = f.db.database().inTransaction(tx -> tx.audit().verify());

            assertThat(result.intact()).isTrue();
            // 1 CONFIG_CHANGED (the extension) + 3 LOGON_FAILED + 2 LOCKED_OUT; the 4th attempt is refused unrecorded
            assertThat(result.entriesChecked()).isEqualTo(6);
        }
    }
}
