package org.palisade.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditEvent;
import org.palisade.core.audit.AuditHead;
import org.palisade.core.audit.AuditQuery;
import org.palisade.core.audit.AuditType;
import org.palisade.core.extension.Extension;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;

class DatabaseTest {

    static Stream<Arguments> failures() {
        return Stream.of(TestDb.values()).flatMap(kind -> Stream.of(
                Arguments.of(kind, new IllegalArgumentException("name: required")),
                Arguments.of(kind, new IllegalStateException("extension 1001 already exists")),
                Arguments.of(kind, new NoSuchElementException("profile x does not exist"))));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void aFailureRollsBackEverythingAndReachesTheCallerUnchanged(TestDb kind, RuntimeException failure) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            assertThatThrownBy(() -> db.database().inTransaction(tx -> {
                tx.extensions().insert(ExtensionStoreTest.extension("1001", "Alice"));
                tx.audit().append(new AuditEvent(AuditType.CONFIG_CHANGED, "cli:root", "extension:1001", null, Map.of()), 1L);
                throw failure;
            })).isSameAs(failure);

            Optional<Extension> extension = db.database().inTransaction(tx -> tx.extensions().find("1001"));
            List<AuditEntry> entries = db.database().inTransaction(tx -> tx.audit().list(new AuditQuery(null, null, null, 0)));
            AuditHead head = db.database().inTransaction(tx -> tx.audit().head());
            assertThat(extension).isEmpty();
            assertThat(entries).isEmpty();
            assertThat(head).isEqualTo(AuditHead.EMPTY);
            assertThat(db.database().inTransaction(tx -> tx.audit().verify()).intact()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void committedWorkIsSeenByOtherConnections(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            db.database().inTransaction(tx -> {
                tx.extensions().insert(ExtensionStoreTest.extension("1001", "Alice"));
                return null;
            });
            assertThat(db.queryString("SELECT display_name FROM extension WHERE number = '1001'")).isEqualTo("Alice");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void theResultOfTheWorkIsReturned(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            AuditEntry entry = db.database().inTransaction(tx ->
                    tx.audit().append(new AuditEvent(AuditType.LOGON, "1001", "1001", null, Map.of()), 5L));
            assertThat(entry.seq()).isEqualTo(1);
            assertThat(db.queryString("SELECT last_seq FROM audit_head")).isEqualTo("1");
        }
    }
}
