package org.palisade.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.call.Direction;
import org.palisade.core.call.Disposition;
import org.palisade.core.cdr.CallRecord;
import org.palisade.core.cdr.CdrQuery;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;

/**
 * export() over enough rows that the MariaDB driver must fetch many batches from one streaming
 * result (1,000 rows each): every row once, oldest first, calls of the same millisecond in the
 * order they were stored. That the heap stays flat is measured with bench/cdr-export-data.sh,
 * not here.
 */
class CdrExportTest {

    private static final int ROWS = 20_000;

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void exportsTwentyThousandRowsInStartOrder(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            List<CallRecord> calls = new ArrayList<>(ROWS);
            for (int i = 0; i < ROWS; i++) {
                // a scrambled start order, and every start time twice (i and i + ROWS / 2)
                long start = CdrSamples.NOV_1 + (i * 7_919L % (ROWS / 2)) * 1_000;
                calls.add(CdrSamples.call(String.format("x%05d", i), "1001", "+4930" + i, Direction.OUTBOUND, "pbx1", start,
                        i % 120_000, i % 3 == 0 ? Disposition.NO_ANSWER : Disposition.ANSWERED));
            }
            CdrSamples.insert(db, calls);
            List<String> expected = calls.stream().sorted(Comparator.comparingLong(CallRecord::startMillis)) // stable: ties in insert order
                    .map(CallRecord::callId).toList();

            List<String> seen = new ArrayList<>(ROWS);
            long[] lastStart = {Long.MIN_VALUE};
            long n = db.database().inTransaction(tx -> tx.cdrs().export(CdrQuery.builder().build(), r -> {
                assertThat(r.startMillis()).isGreaterThanOrEqualTo(lastStart[0]);
                lastStart[0] = r.startMillis();
                seen.add(r.callId());
            }));
            assertThat(n).isEqualTo(ROWS);
            assertThat(seen).containsExactlyElementsOf(expected);
        }
    }
}
