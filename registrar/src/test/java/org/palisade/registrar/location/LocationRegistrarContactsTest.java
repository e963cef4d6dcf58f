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
 * REGISTER processing (RFC 3261 10.3) against a real, migrated database: contact q values, the per-extension
 * contact limit, and removing bindings with expires=0 or the wildcard contact.
 */
class LocationRegistrarContactsTest extends LocationRegistrarTestBase {

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
}
