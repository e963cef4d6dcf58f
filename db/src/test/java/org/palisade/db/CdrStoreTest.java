package org.palisade.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.call.Direction;
import org.palisade.core.call.Disposition;
import org.palisade.core.call.Party;
import org.palisade.core.cdr.CallRecord;
import org.palisade.core.cdr.CdrQuery;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;

class CdrStoreTest {

    private static final long T0 = 1_764_064_800_000L;

    private static CallRecord call(String id, String caller, String callee, long start) {
        return new CallRecord(id, caller, callee, Direction.INTERNAL, null, start, start + 2_000, start + 12_000, 12, 10,
                Disposition.ANSWERED, 200, Party.CALLER, "BYE", "audio", "audio", 1L, 2L, 3L, 4L);
    }

    private static int insert(TestDatabase db, List<CallRecord> records) {
        return db.database().inTransaction(tx -> tx.cdrs().insertIgnoringDuplicates(records));
    }

    private static List<CallRecord> list(TestDatabase db, CdrQuery q) {
        return db.database().inTransaction(tx -> tx.cdrs().list(q));
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aRecordComesBackExactlyAsWritten(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            CallRecord full = call("full@x", "1001", "1002", T0);
            CallRecord sparse = new CallRecord("sparse@x", "1003", "+4930123456", Direction.OUTBOUND, "pbx1", T0 + 1, null, T0 + 1,
                    0, 0, Disposition.BLOCKED_BY_POLICY, 403, null, null, null, null, null, null, null, null);
            assertThat(insert(db, List.of(full, sparse))).isEqualTo(2);
            assertThat(list(db, new CdrQuery(null, null, null, 0))).containsExactly(sparse, full);
            assertThat(db.queryString("SELECT disposition FROM cdr WHERE call_id = 'sparse@x'")).isEqualTo("BLOCKED BY POLICY");
        }
    }

    /** The guarantee the spool's replay rests on, on both databases. */
    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aCallIdAlreadyStoredIsSkippedAndTheRestOfTheBatchGoesIn(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            assertThat(insert(db, List.of(call("a", "1001", "1002", T0), call("b", "1001", "1002", T0)))).isEqualTo(2);
            CallRecord changedA = call("a", "9999", "9999", T0 + 5);
            assertThat(insert(db, List.of(changedA, call("c", "1001", "1002", T0), call("b", "1001", "1002", T0)))).isEqualTo(1);
            assertThat(db.queryString("SELECT COUNT(*) FROM cdr")).isEqualTo("3");
            assertThat(db.queryString("SELECT caller FROM cdr WHERE call_id = 'a'")).isEqualTo("1001"); // the first one stays
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void overLongTextIsCutNotRefused(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            CallRecord hostile = new CallRecord("x".repeat(400), "y".repeat(300), "1002", Direction.INBOUND, null, T0, null, T0, 0, 0,
                    Disposition.FAILED, 500, null, "z".repeat(100), null, null, null, null, null, null);
            assertThat(insert(db, List.of(hostile))).isEqualTo(1);
            CallRecord stored = list(db, new CdrQuery(null, null, null, 0)).get(0);
            assertThat(stored.callId()).hasSize(255);
            assertThat(stored.caller()).hasSize(64);
            assertThat(stored.hangupReason()).hasSize(64);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void listFiltersByHalfOpenRangeAndExtensionNewestFirst(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            insert(db, List.of(call("1", "1001", "1002", T0), call("2", "1002", "1003", T0 + 1_000),
                    call("3", "1003", "1001", T0 + 2_000), call("4", "1004", "1005", T0 + 3_000)));
            Instant from = Instant.ofEpochMilli(T0 + 1_000);
            Instant to = Instant.ofEpochMilli(T0 + 3_000);
            assertThat(list(db, new CdrQuery(from, to, null, 0))).extracting(CallRecord::callId).containsExactly("3", "2");
            assertThat(list(db, new CdrQuery(null, null, "1001", 0))).extracting(CallRecord::callId).containsExactly("3", "1");
            assertThat(list(db, new CdrQuery(from, null, "1001", 0))).extracting(CallRecord::callId).containsExactly("3");
            assertThat(list(db, new CdrQuery(null, null, null, 2))).extracting(CallRecord::callId).containsExactly("4", "3");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void exportStreamsEverythingInStartOrder(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            List<CallRecord> batch = new ArrayList<>();
            for (int i = 0; i < 2_500; i++) {
                batch.add(call("e" + i, i % 2 == 0 ? "1001" : "1002", "1003", T0 + (2_500 - i) * 1_000L));
            }
            for (int i = 0; i < batch.size(); i += 500) {
                insert(db, batch.subList(i, i + 500));
            }
            List<String> seen = new ArrayList<>();
            long n = db.database().inTransaction(tx -> tx.cdrs().export(new CdrQuery(null, null, "1002", 0), r -> seen.add(r.callId())));
            assertThat(n).isEqualTo(1_250);
            assertThat(seen).hasSize(1_250).startsWith("e2499", "e2497").endsWith("e1");
        }
    }
}
