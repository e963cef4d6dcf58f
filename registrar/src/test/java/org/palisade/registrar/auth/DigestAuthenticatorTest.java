package org.palisade.registrar.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.admin.ExtensionChange;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditType;
import org.palisade.core.auth.AuthOutcome;
import org.palisade.db.testing.TestDb;

/**
 * Digest authentication of REGISTER against a real, migrated database: the challenge, accepted and refused
 * credentials (algorithm, qop, nonce count, realm, unknown or disabled extension), and the configured algorithms.
 */
class DigestAuthenticatorTest extends DigestAuthenticatorTestBase {

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
