package org.palisade.registrar.location;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.palisade.core.admin.Administration;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditQuery;
import org.palisade.core.audit.AuditType;
import org.palisade.core.location.Binding;
import org.palisade.core.location.ContactSpec;
import org.palisade.core.location.RegisterRequest;
import org.palisade.core.location.RegisterResult;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.core.testing.MutableClock;
import org.palisade.registrar.RegistrarSettings;

/**
 * Shared setup for the {@link LocationRegistrar} tests: registrar settings, a migrated database per test, and
 * helpers that build REGISTER requests and check their results.
 */
abstract class LocationRegistrarTestBase {

    static final String REALM = "palisade.example";
    static final String AOR = "1001";
    static final int MIN = 60;
    static final int MAX = 3600;
    static final int DEFAULT = 1800;
    static final int MAX_CONTACTS = 3;
    static final String HOST = "198.51.100.7";
    static final int PORT = 5062;
    static final String DESK = "sip:1001@198.51.100.7:5062";
    static final String MOBILE = "sip:1001@203.0.113.40:40123;transport=tcp";
    static final RegistrarSettings SETTINGS = new RegistrarSettings(REALM, MIN, MAX, DEFAULT, MAX_CONTACTS,
            Duration.ofMinutes(5), 5, Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofSeconds(10));

    /** A migrated database with extensions 1001 and 1002, and one registrar node on it. */
    static final class Fixture implements AutoCloseable {
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

    static RegisterRequest register(String aor, Integer expiresHeader, String callId, long cseq, ContactSpec... contacts) {
        return new RegisterRequest(aor, List.of(contacts), false, expiresHeader, callId, cseq, HOST, PORT, "udp", "Linphone/5.2");
    }

    static RegisterRequest register(String contact, Integer expiresHeader, String callId, long cseq) {
        return register(AOR, expiresHeader, callId, cseq, new ContactSpec(contact, null, null));
    }

    static RegisterRequest wildcard(Integer expiresHeader, String callId, long cseq, ContactSpec... others) {
        return new RegisterRequest(AOR, List.of(others), true, expiresHeader, callId, cseq, HOST, PORT, "udp", "Linphone/5.2");
    }

    static List<Binding> ok(RegisterResult result) {
        assertThat(result).isInstanceOf(RegisterResult.Ok.class);
        return ((RegisterResult.Ok) result).bindings();
    }

    static void assertRejected(RegisterResult result, int code) {
        assertThat(result).isInstanceOf(RegisterResult.Rejected.class);
        assertThat(((RegisterResult.Rejected) result).code()).isEqualTo(code);
    }
}
