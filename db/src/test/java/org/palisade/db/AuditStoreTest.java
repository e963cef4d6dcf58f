package org.palisade.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.audit.AuditChain;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditEvent;
import org.palisade.core.audit.AuditHead;
import org.palisade.core.audit.AuditQuery;
import org.palisade.core.audit.AuditType;
import org.palisade.core.audit.VerifyResult;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;

class AuditStoreTest {

    private static final long T0 = 1_700_000_000_123L;

    private static AuditEvent logon(String extension) {
        return new AuditEvent(AuditType.LOGON, extension, extension, "192.0.2.10:5060", Map.of("contact", "sip:" + extension + "@192.0.2.10"));
    }

    private static AuditEntry append(TestDatabase db, AuditEvent event, long now) {
        return db.database().inTransaction(tx -> tx.audit().append(event, now));
    }

    private static void appendLogons(TestDatabase db, int count) {
        for (int i = 1; i <= count; i++) {
            append(db, logon("10" + String.format("%02d", i % 100)), T0 + i);
        }
    }

    private static VerifyResult verify(TestDatabase db) {
        return db.database().inTransaction(tx -> tx.audit().verify());
    }

    private static List<AuditEntry> list(TestDatabase db, AuditQuery query) {
        return db.database().inTransaction(tx -> tx.audit().list(query));
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void appendsBuildAChainThatVerifies(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            AuditEntry first = append(db, logon("1001"), T0);
            AuditEntry second = append(db, new AuditEvent(AuditType.LOGON_FAILED, "1002", "1002", "203.0.113.5:5060",
                    Map.of("reason", "wrong password", "attempt", 3)), T0 + 1);
            AuditEntry third = append(db, new AuditEvent(AuditType.CONFIG_CHANGED, "cli:root", "extension:1003", null, null), T0 + 2);

            assertThat(first.seq()).isEqualTo(1);
            assertThat(first.prevHash()).isEqualTo(AuditChain.GENESIS);
            assertThat(second.prevHash()).isEqualTo(first.hash());
            assertThat(third.prevHash()).isEqualTo(second.hash());
            AuditHead head = db.database().inTransaction(tx -> tx.audit().head());
            assertThat(head).isEqualTo(new AuditHead(3, third.hash()));

            // exactly what was hashed comes back, down to the millisecond
            List<AuditEntry> stored = list(db, new AuditQuery(null, null, null, 0));
            assertThat(stored).containsExactly(third, second, first);
            assertThat(stored.get(1).details()).isEqualTo("{\"attempt\":3,\"reason\":\"wrong password\"}");
            assertThat(stored.get(2).occurredAtMillis()).isEqualTo(T0);

            VerifyResult result = verify(db);
            assertThat(result.intact()).as(result.problem()).isTrue();
            assertThat(result.entriesChecked()).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void anEmptyLogVerifies(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            VerifyResult result = verify(db);
            assertThat(result.intact()).isTrue();
            assertThat(result.entriesChecked()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void listFiltersNewestFirst(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            append(db, logon("1001"), T0);
            append(db, logon("1002"), T0 + 1000);
            append(db, new AuditEvent(AuditType.LOGOFF, "1001", "1001", null, Map.of()), T0 + 2000);
            append(db, logon("1001"), T0 + 3000);

            assertThat(list(db, new AuditQuery(null, null, "1001", 0))).extracting(AuditEntry::seq).containsExactly(4L, 3L, 1L);
            assertThat(list(db, new AuditQuery(null, AuditType.LOGON, null, 0))).extracting(AuditEntry::seq).containsExactly(4L, 2L, 1L);
            assertThat(list(db, new AuditQuery(Instant.ofEpochMilli(T0 + 1000), null, null, 0))).extracting(AuditEntry::seq)
                    .containsExactly(4L, 3L, 2L);
            assertThat(list(db, new AuditQuery(Instant.ofEpochMilli(T0 + 1000), AuditType.LOGON, "1001", 0)))
                    .extracting(AuditEntry::seq).containsExactly(4L);
            assertThat(list(db, new AuditQuery(null, null, null, 2))).extracting(AuditEntry::seq).containsExactly(4L, 3L);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void limitZeroMeansTheNewestHundred(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            appendLogons(db, 105);
            List<AuditEntry> newest = list(db, new AuditQuery(null, null, null, 0));
            assertThat(newest).extracting(AuditEntry::seq).containsExactlyElementsOf(LongStream.rangeClosed(6, 105).boxed()
                    .sorted((a, b) -> Long.compare(b, a)).toList());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void concurrentAppendersGetConsecutiveSeqsAndAnIntactChain(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    String actor = "10" + t + "0";
                    done.add(threads.submit(() -> {
                        for (int i = 0; i < 50; i++) {
                            append(db, logon(actor), System.currentTimeMillis());
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                threads.shutdown();
            }

            List<AuditEntry> all = list(db, new AuditQuery(null, null, null, 1000));
            assertThat(all).extracting(AuditEntry::seq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 400).map(i -> 401 - i).boxed().toList());
            VerifyResult result = verify(db);
            assertThat(result.intact()).as(result.problem()).isTrue();
            assertThat(result.entriesChecked()).isEqualTo(400);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void anAlteredEntryIsNamed(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            appendLogons(db, 5);
            assertThat(db.execute("UPDATE audit_log SET details = '{\"contact\":\"sip:evil@192.0.2.66\"}' WHERE seq = 3")).isEqualTo(1);

            VerifyResult result = verify(db);
            assertThat(result.intact()).isFalse();
            assertThat(result.firstBadSeq()).isEqualTo(3);
            assertThat(result.problem()).contains("entry 3");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aRemovedMiddleEntryIsNamed(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            appendLogons(db, 5);
            db.execute("DELETE FROM audit_log WHERE seq = 3");

            VerifyResult result = verify(db);
            assertThat(result.intact()).isFalse();
            assertThat(result.firstBadSeq()).isEqualTo(3);
            assertThat(result.problem()).contains("entry 3");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aRemovedLastEntryIsNamed(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            appendLogons(db, 5);
            db.execute("DELETE FROM audit_log WHERE seq = 5");

            VerifyResult result = verify(db);
            assertThat(result.intact()).isFalse();
            assertThat(result.firstBadSeq()).isEqualTo(5);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void overLongFieldsAreCutToTheColumnAndStillVerify(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            String hugeName = "x".repeat(2000);
            AuditEntry entry = append(db, new AuditEvent(AuditType.LOGON_FAILED, hugeName, hugeName, "a".repeat(100), Map.of()), T0);

            assertThat(entry.actor()).hasSize(128);
            assertThat(entry.subject()).hasSize(255);
            assertThat(entry.source()).hasSize(64);
            assertThat(list(db, new AuditQuery(null, null, null, 0))).containsExactly(entry);
            assertThat(verify(db).intact()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void listFiltersByPeriodActorAndPositionNewestFirst(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            append(db, new AuditEvent(AuditType.CONFIG_CHANGED, "cli:root", "extension:1001", null, null), T0);
            append(db, new AuditEvent(AuditType.CONFIG_CHANGED, "web:alice", "extension:1002", null, null), T0 + 10);
            append(db, new AuditEvent(AuditType.CDR_EXPORTED, "web:alicia", null, "127.0.0.1", null), T0 + 20);
            append(db, logon("1001"), T0 + 30);
            append(db, new AuditEvent(AuditType.CONFIG_CHANGED, "web_x", "extension:1003", null, null), T0 + 40);

            assertThat(list(db, new AuditQuery(Instant.ofEpochMilli(T0 + 10), Instant.ofEpochMilli(T0 + 30), null, null, null, null, 0)))
                    .as("from inclusive, to exclusive").extracting(AuditEntry::seq).containsExactly(3L, 2L);
            assertThat(list(db, new AuditQuery(null, null, null, "web:alice", null, null, 0))).extracting(AuditEntry::seq)
                    .containsExactly(2L);
            assertThat(list(db, new AuditQuery(null, null, null, "web", null, null, 0))).as("a prefix up to the colon")
                    .extracting(AuditEntry::seq).containsExactly(3L, 2L);
            assertThat(list(db, new AuditQuery(null, null, null, "cli", null, null, 0))).extracting(AuditEntry::seq).containsExactly(1L);
            assertThat(list(db, new AuditQuery(null, null, null, "1001", null, null, 0))).extracting(AuditEntry::seq).containsExactly(4L);
            assertThat(list(db, new AuditQuery(null, null, Set.of(AuditType.CONFIG_CHANGED), null, null, 5L, 2)))
                    .as("the page before seq 5").extracting(AuditEntry::seq).containsExactly(2L, 1L);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void listFiltersByAnyOfSeveralTypesNewestFirstAndPages(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            append(db, new AuditEvent(AuditType.LOGON_FAILED, "1001", "1001", null, null), T0);
            append(db, logon("1001"), T0 + 10);
            append(db, new AuditEvent(AuditType.POLICY_BLOCKED, "1001", "call:a", null, null), T0 + 20);
            append(db, new AuditEvent(AuditType.CONFIG_CHANGED, "cli:root", "extension:1001", null, null), T0 + 30);
            append(db, new AuditEvent(AuditType.LOGON_FAILED, "1002", "1002", null, null), T0 + 40);
            append(db, logon("1002"), T0 + 50);
            Set<AuditType> blocked = Set.of(AuditType.LOGON_FAILED, AuditType.POLICY_BLOCKED);

            assertThat(list(db, new AuditQuery(null, null, blocked, null, null, null, 0))).extracting(AuditEntry::seq)
                    .containsExactly(5L, 3L, 1L);
            assertThat(list(db, new AuditQuery(null, null, blocked, null, null, null, 2))).as("the first page")
                    .extracting(AuditEntry::seq).containsExactly(5L, 3L);
            assertThat(list(db, new AuditQuery(null, null, blocked, null, null, 3L, 2))).as("the page after seq 3")
                    .extracting(AuditEntry::seq).containsExactly(1L);
            assertThat(list(db, new AuditQuery(null, null, blocked, "1002", null, null, 0))).as("with the other filters")
                    .extracting(AuditEntry::seq).containsExactly(5L);
            assertThat(list(db, new AuditQuery(null, null, Set.of(), null, null, null, 0))).as("an empty set: any type").hasSize(6);
        }
    }

    /** What /metrics reports: entries that are in the log, not those of a transaction rolled back. */
    @ParameterizedTest
    @EnumSource(TestDb.class)
    void onlyCommittedEntriesAreCounted(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            append(db, logon("1001"), T0);
            try {
                db.database().inTransaction(tx -> {
                    tx.audit().append(logon("1002"), T0 + 1);
                    throw new IllegalStateException("the change this entry was about failed");
                });
            } catch (IllegalStateException expected) {
                // rolled back, entry and all
            }
            append(db, new AuditEvent(AuditType.POLICY_BLOCKED, "1001", "1002", null, null), T0 + 2);

            assertThat(db.database().auditCounts().count(AuditType.LOGON)).isEqualTo(1);
            assertThat(db.database().auditCounts().count(AuditType.POLICY_BLOCKED)).isEqualTo(1);
            assertThat(db.database().auditCounts().count(AuditType.LOGON_FAILED)).isZero();
            assertThat(list(db, new AuditQuery(null, null, null, 10))).hasSize(2);
        }
    }
}
