package org.palisade.registrar.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.admin.Administration;
import org.palisade.core.admin.ExtensionChange;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditLog;
import org.palisade.core.audit.AuditQuery;
import org.palisade.core.audit.AuditType;
import org.palisade.core.auth.AuthOutcome;
import org.palisade.core.auth.AuthRequest;
import org.palisade.core.extension.DigestHashes;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.core.testing.MutableClock;
import org.palisade.registrar.RegistrarSettings;
import org.palisade.core.auth.LockoutTracker;

/** Digest authentication of REGISTER against a real, migrated database. */
class DigestAuthenticatorTest {

    private static final String REALM = "palisade.example";
    private static final String NUMBER = "1001";
    private static final String PASSWORD = "correct-horse-battery";
    private static final String PHONE = "192.0.2.7";
    private static final String URI = "sip:" + REALM;
    private static final int MAX_FAILURES = 3;
    private static final Duration NONCE_LIFETIME = Duration.ofMinutes(5);
    private static final Duration LOCK = Duration.ofMinutes(15);
    private static final Pattern NONCE = Pattern.compile("nonce=\"([^\"]+)\"");

    /** Everything one test needs: a database with extension 1001 and an authenticator over it. */
    private static final class Fixture implements AutoCloseable {
        final TestDatabase db;
        final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T09:30:00Z"));
        final Administration admin;
        final DigestAuthenticator auth;

        Fixture(TestDb kind) {
            this(kind, RegistrarSettings.DEFAULT_ALGORITHMS);
        }

        Fixture(TestDb kind, List<String> algorithms) {
            db = TestDatabase.create(kind);
            admin = new Administration(db.database(), REALM, clock);
            admin.addExtension("cli:test", NUMBER, "Alice", null, null, PASSWORD.toCharArray());
            auth = new DigestAuthenticator(db.database(), new AuditLog(db.database(), clock), new NonceManager(clock, NONCE_LIFETIME),
                    new LockoutTracker(clock, MAX_FAILURES, Duration.ofMinutes(10), LOCK), REALM, algorithms);
        }

        AuthOutcome register(String source, Map<String, String> credentials) {
            return auth.authenticate(new AuthRequest("REGISTER", source, credentials));
        }

        /** A fresh challenge, asked for from an address no test locks (nonces are not tied to an address). */
        AuthOutcome.Challenge challenge() {
            return (AuthOutcome.Challenge) register("192.0.2.254", null);
        }

        /** A phone's Authorization for a fresh challenge, signed with {@code password}. */
        Map<String, String> answer(String algorithm, String user, String password) {
            return sign(credentials(user, nonceOf(challenge()), algorithm), password);
        }

        AuthOutcome login(String source, String user, String password) {
            return register(source, answer("SHA-256", user, password));
        }

        List<AuditEntry> audit(AuditType type) {
            return db.database().inTransaction(tx -> tx.audit().list(new AuditQuery(null, type, null, 0)));
        }

        @Override
        public void close() {
            db.close();
        }
    }

    private static String nonceOf(AuthOutcome.Challenge challenge) {
        Matcher m = NONCE.matcher(challenge.challenges().get(0));
        assertThat(m.find()).as("nonce in %s", challenge).isTrue();
        return m.group(1);
    }

    private static Map<String, String> credentials(String user, String nonce, String algorithm) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("username", user);
        p.put("realm", REALM);
        p.put("nonce", nonce);
        p.put("uri", URI);
        if (algorithm != null) {
            p.put("algorithm", algorithm);
        }
        p.put("qop", "auth");
        p.put("nc", "00000001");
        p.put("cnonce", "0a4f113b");
        return p;
    }

    /** Computes {@code response} as a phone does (RFC 7616 3.4.1), from whatever the other parameters say. */
    private static Map<String, String> sign(Map<String, String> p, String password) {
        String alg = switch (p.getOrDefault("algorithm", "MD5")) {
            case "SHA-512-256" -> "SHA-512/256";
            default -> p.getOrDefault("algorithm", "MD5");
        };
        String ha1 = DigestHashes.hex(alg, p.get("username") + ":" + p.get("realm") + ":" + password);
        String ha2 = DigestHashes.hex(alg, "REGISTER:" + p.get("uri"));
        String response = p.get("qop") == null
                ? DigestHashes.hex(alg, ha1 + ":" + p.get("nonce") + ":" + ha2)
                : DigestHashes.hex(alg, ha1 + ":" + p.get("nonce") + ":" + p.get("nc") + ":" + p.get("cnonce") + ":" + p.get("qop") + ":" + ha2);
        p.put("response", response);
        return p;
    }

    /** The challenge with its nonce blanked: what must not depend on who asked. */
    private static List<String> form(AuthOutcome outcome) {
        assertThat(outcome).isInstanceOf(AuthOutcome.Challenge.class);
        return ((AuthOutcome.Challenge) outcome).challenges().stream().map(h -> NONCE.matcher(h).replaceAll("nonce=\"N\"")).toList();
    }

    private static void assertFailedWith(Fixture f, AuthOutcome outcome, String reason) {
        assertThat(outcome).isInstanceOf(AuthOutcome.Challenge.class);
        List<AuditEntry> failures = f.audit(AuditType.LOGON_FAILED);
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).details()).contains("\"reason\":\"" + reason + "\"");
        assertThat(failures.get(0).source()).isEqualTo(PHONE);
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aRequestWithoutCredentialsIsChallengedWithSha256FirstThenMd5(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            AuthOutcome.Challenge challenge = f.challenge();

            String nonce = nonceOf(challenge);
            assertThat(challenge.challenges()).containsExactly(
                    "Digest realm=\"" + REALM + "\", nonce=\"" + nonce + "\", algorithm=SHA-256, qop=\"auth\"",
                    "Digest realm=\"" + REALM + "\", nonce=\"" + nonce + "\", algorithm=MD5, qop=\"auth\"");
            assertThat(f.audit(AuditType.LOGON_FAILED)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void correctSha256CredentialsAuthenticate(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            AuthOutcome outcome = f.register(PHONE, f.answer("SHA-256", NUMBER, PASSWORD));

            assertThat(outcome).isInstanceOf(AuthOutcome.Authenticated.class);
            assertThat(((AuthOutcome.Authenticated) outcome).extension().number()).isEqualTo(NUMBER);
            assertThat(f.audit(AuditType.LOGON_FAILED)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void correctMd5CredentialsAuthenticate(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            AuthOutcome outcome = f.register(PHONE, f.answer("MD5", NUMBER, PASSWORD));

            assertThat(outcome).isInstanceOf(AuthOutcome.Authenticated.class);
            assertThat(((AuthOutcome.Authenticated) outcome).extension().number()).isEqualTo(NUMBER);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void withoutAnAlgorithmParameterMd5IsAssumed(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            AuthOutcome outcome = f.register(PHONE, f.answer(null, NUMBER, PASSWORD));

            assertThat(outcome).isInstanceOf(AuthOutcome.Authenticated.class);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void anUpperCaseResponseIsAccepted(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            Map<String, String> creds = f.answer("SHA-256", NUMBER, PASSWORD);
            creds.put("response", creds.get("response").toUpperCase());

            assertThat(f.register(PHONE, creds)).isInstanceOf(AuthOutcome.Authenticated.class);
        }
    }

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
    void aWrongPasswordIsChallengedAndAudited(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            AuthOutcome outcome = f.register(PHONE, f.answer("SHA-256", NUMBER, "wrong-password"));

            assertFailedWith(f, outcome, "wrong password");
            AuditEntry entry = f.audit(AuditType.LOGON_FAILED).get(0);
            assertThat(entry.actor()).isEqualTo(NUMBER);
            assertThat(entry.subject()).isEqualTo(NUMBER);
            assertThat(entry.details()).contains("\"method\":\"REGISTER\"");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void credentialsWithoutQopAreRefused(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            Map<String, String> creds = credentials(NUMBER, nonceOf(f.challenge()), "SHA-256");
            creds.remove("qop");
            creds.remove("nc");
            creds.remove("cnonce");

            assertFailedWith(f, f.register(PHONE, sign(creds, PASSWORD)), "qop=auth is required");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aNonceCountThatIsNotEightHexDigitsIsRefused(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            Map<String, String> creds = credentials(NUMBER, nonceOf(f.challenge()), "SHA-256");
            creds.put("nc", "1");

            assertFailedWith(f, f.register(PHONE, sign(creds, PASSWORD)), "qop=auth needs an 8-digit hex nc and a cnonce");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aNonHexNonceCountIsRefused(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            Map<String, String> creds = credentials(NUMBER, nonceOf(f.challenge()), "SHA-256");
            creds.put("nc", "0000000g");

            assertFailedWith(f, f.register(PHONE, sign(creds, PASSWORD)), "qop=auth needs an 8-digit hex nc and a cnonce");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void anUnsupportedAlgorithmIsRefused(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            Map<String, String> creds = credentials(NUMBER, nonceOf(f.challenge()), "SHA-512-256");

            assertFailedWith(f, f.register(PHONE, sign(creds, PASSWORD)), "unsupported algorithm SHA-512-256");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void credentialsForAnotherRealmAreRefused(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            Map<String, String> creds = credentials(NUMBER, nonceOf(f.challenge()), "SHA-256");
            creds.put("realm", "evil.example");

            assertFailedWith(f, f.register(PHONE, sign(creds, PASSWORD)), "wrong realm 'evil.example'");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void anUnknownExtensionIsChallengedAndAudited(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            AuthOutcome outcome = f.login(PHONE, "1999", PASSWORD);

            assertFailedWith(f, outcome, "unknown extension");
            assertThat(f.audit(AuditType.LOGON_FAILED).get(0).actor()).isEqualTo("1999");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aDisabledExtensionFailsLikeAnUnknownOne(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            f.admin.updateExtension("cli:test", NUMBER, new ExtensionChange(null, null, null, null, false));

            AuthOutcome disabled = f.login(PHONE, NUMBER, PASSWORD);
            AuthOutcome unknown = f.login("192.0.2.8", "1999", PASSWORD);

            assertThat(disabled).isInstanceOf(AuthOutcome.Challenge.class);
            assertThat(form(disabled)).isEqualTo(form(unknown));
            assertThat(f.audit(AuditType.LOGON_FAILED)).extracting(AuditEntry::details)
                    .anySatisfy(d -> assertThat(d).contains("\"reason\":\"extension disabled\""));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void theChallengeForAnUnknownUserHasTheSameFormAsForAKnownOne(TestDb kind) {
        try (Fixture f = new Fixture(kind)) {
            AuthOutcome known = f.login(PHONE, NUMBER, "wrong-password");
            AuthOutcome unknown = f.login(PHONE, "1999", "wrong-password");
            AuthOutcome noCredentials = f.register(PHONE, null);

            assertThat(form(unknown)).isEqualTo(form(known)).isEqualTo(form(noCredentials));
            assertThat(nonceOf((AuthOutcome.Challenge) unknown)).isNotEqualTo(nonceOf((AuthOutcome.Challenge) known))
                    .hasSameSizeAs(nonceOf((AuthOutcome.Challenge) known));
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

    // --- configured algorithms (auth.algorithms) ---

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void theChallengesFollowTheConfiguredOrder(TestDb kind) {
        try (Fixture f = new Fixture(kind, List.of("MD5", "SHA-256"))) {
            assertThat(f.challenge().challenges()).satisfiesExactly(
                    h -> assertThat(h).contains("algorithm=MD5"),
                    h -> assertThat(h).contains("algorithm=SHA-256"));
            assertThat(f.register(PHONE, f.answer("SHA-256", NUMBER, PASSWORD))).isInstanceOf(AuthOutcome.Authenticated.class);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void anAlgorithmThatIsSwitchedOffIsNeitherOfferedNorAccepted(TestDb kind) {
        try (Fixture f = new Fixture(kind, List.of("SHA-256"))) {
            assertThat(f.challenge().challenges()).singleElement().asString().contains("algorithm=SHA-256");

            AuthOutcome outcome = f.register(PHONE, f.answer("MD5", NUMBER, PASSWORD));

            assertFailedWith(f, outcome, "algorithm MD5 is switched off");
            assertThat(f.register(PHONE, f.answer("SHA-256", NUMBER, PASSWORD))).isInstanceOf(AuthOutcome.Authenticated.class);
        }
    }
}
