package org.palisade.registrar.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.palisade.core.admin.Administration;
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

/**
 * Shared setup for the {@link DigestAuthenticator} tests: a migrated database with extension 1001, an authenticator
 * over it, and helpers that answer challenges the way a phone does and check what was audited.
 */
abstract class DigestAuthenticatorTestBase {

    static final String REALM = "palisade.example";
    static final String NUMBER = "1001";
    static final String PASSWORD = "correct-horse-battery";
    static final String PHONE = "192.0.2.7";
    static final String URI = "sip:" + REALM;
    static final int MAX_FAILURES = 3;
    static final Duration NONCE_LIFETIME = Duration.ofMinutes(5);
    static final Duration LOCK = Duration.ofMinutes(15);
    static final Pattern NONCE = Pattern.compile("nonce=\"([^\"]+)\"");

    /** Everything one test needs: a database with extension 1001 and an authenticator over it. */
    static final class Fixture implements AutoCloseable {
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

    static String nonceOf(AuthOutcome.Challenge challenge) {
        Matcher m = NONCE.matcher(challenge.challenges().get(0));
        assertThat(m.find()).as("nonce in %s", challenge).isTrue();
        return m.group(1);
    }

    static Map<String, String> credentials(String user, String nonce, String algorithm) {
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
    static Map<String, String> sign(Map<String, String> p, String password) {
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
    static List<String> form(AuthOutcome outcome) {
        assertThat(outcome).isInstanceOf(AuthOutcome.Challenge.class);
        return ((AuthOutcome.Challenge) outcome).challenges().stream().map(h -> NONCE.matcher(h).replaceAll("nonce=\"N\"")).toList();
    }

    static void assertFailedWith(Fixture f, AuthOutcome outcome, String reason) {
        assertThat(outcome).isInstanceOf(AuthOutcome.Challenge.class);
        List<AuditEntry> failures = f.audit(AuditType.LOGON_FAILED);
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).details()).contains("\"reason\":\"" + reason + "\"");
        assertThat(failures.get(0).source()).isEqualTo(PHONE);
    }
}
