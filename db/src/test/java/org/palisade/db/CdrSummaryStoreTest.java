package org.palisade.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.call.Direction;
import org.palisade.core.call.Disposition;
import org.palisade.core.cdr.CallRecord;
import org.palisade.core.cdr.CdrQuery;
import org.palisade.core.cdr.CdrSummary;
import org.palisade.core.cdr.CdrSummary.By;
import org.palisade.core.cdr.CdrSummary.Totals;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;

/** The SQL summary against the same sums done in Java over the exported detail rows. */
class CdrSummaryStoreTest {

    private static final List<CallRecord> CALLS = CdrSamples.calls(400);

    private static final Map<By, Function<CallRecord, String>> KEY = Map.of(
            By.EXTENSION, CdrSamples::billingExtension,
            By.DEPARTMENT, r -> r.direction() == Direction.INBOUND ? CdrSamples.calleeDepartment(r) : CdrSamples.callerDepartment(r),
            By.TRUNK, CallRecord::trunk);

    private static List<CallRecord> detail(TestDatabase db, CdrQuery q) {
        List<CallRecord> rows = new ArrayList<>();
        db.database().inTransaction(tx -> tx.cdrs().export(q, rows::add));
        return rows;
    }

    /** Groups in Java what the database groups in SQL; the null key sorts as "\uffff", last, like CdrSummary. */
    private static List<CdrSummary.Line> javaLines(List<CallRecord> rows, By by) {
        Map<YearMonth, Map<String, Totals>> sums = new TreeMap<>();
        for (CallRecord r : rows) {
            YearMonth month = YearMonth.from(r.start().atOffset(ZoneOffset.UTC));
            String key = KEY.get(by).apply(r);
            sums.computeIfAbsent(month, m -> new TreeMap<>()).merge(key == null ? "\uffff" : key, Totals.of(r), Totals::plus);
        }
        List<CdrSummary.Line> lines = new ArrayList<>();
        sums.forEach((month, byKey) -> byKey.forEach((key, t) -> lines.add(new CdrSummary.Line(month,
                key.equals("\uffff") ? null : key, t.calls(), t.answered(), t.durationSeconds(), t.billsec()))));
        return lines;
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void everyGroupingReconcilesWithTheDetailRows(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            CdrSamples.addExtensions(db);
            CdrSamples.insert(db, CALLS);
            List<CdrQuery> queries = List.of(
                    CdrQuery.builder().build(),
                    CdrQuery.between(Instant.ofEpochMilli(CdrSamples.NOV_1), Instant.ofEpochMilli(CdrSamples.DEC_1 + 1)),
                    CdrQuery.builder().department("Sales").build(),
                    CdrQuery.builder().direction(Direction.INBOUND).trunk("pbx1").build(),
                    CdrQuery.builder().disposition(Disposition.FAILED).extension("1003").build());
            for (CdrQuery q : queries) {
                List<CallRecord> rows = detail(db, q);
                Totals fromRows = rows.stream().map(Totals::of).reduce(Totals.ZERO, Totals::plus);
                for (By by : By.values()) {
                    CdrSummary summary = db.database().inTransaction(tx -> tx.cdrs().summarize(q, by));
                    assertThat(summary.by()).isEqualTo(by);
                    assertThat(summary.totals()).as(by + " " + q).isEqualTo(fromRows);
                    assertThat(summary.lines()).as(by + " " + q).containsExactlyElementsOf(javaLines(rows, by));
                }
            }
            // the samples make those sums mean something: unanswered calls with a duration, failures, three months
            Totals all = CALLS.stream().map(Totals::of).reduce(Totals.ZERO, Totals::plus);
            assertThat(all.answered()).isStrictlyBetween(0L, all.calls());
            assertThat(all.billsec()).isStrictlyBetween(0L, all.durationSeconds());
        }
    }

    /** A call in the last millisecond of November is November's, the next one December's, in UTC. */
    @ParameterizedTest
    @EnumSource(TestDb.class)
    void monthsAreUtcMonthsOfTheStart(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            CdrSamples.insert(db, List.of(
                    CdrSamples.call("nov", "1001", "1002", Direction.INTERNAL, null, CdrSamples.DEC_1 - 1, 7_200_000, Disposition.ANSWERED),
                    CdrSamples.call("dec", "1001", "1002", Direction.INTERNAL, null, CdrSamples.DEC_1, 1_000, Disposition.CANCELLED)));
            CdrSummary s = db.database().inTransaction(tx -> tx.cdrs().summarize(CdrQuery.builder().build(), By.EXTENSION));
            assertThat(s.lines()).containsExactly(
                    new CdrSummary.Line(YearMonth.of(2025, 11), "1001", 1, 1, 7_200, 7_198),
                    new CdrSummary.Line(YearMonth.of(2025, 12), "1001", 1, 0, 1, 0));
            assertThat(s.monthTotals()).containsOnlyKeys(YearMonth.of(2025, 11), YearMonth.of(2025, 12));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void nothingMatchingIsAnEmptySummaryWithZeroTotals(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            CdrSummary s = db.database().inTransaction(tx -> tx.cdrs().summarize(CdrQuery.builder().trunk("x").build(), By.TRUNK));
            assertThat(s.lines()).isEmpty();
            assertThat(s.totals()).isEqualTo(Totals.ZERO);
        }
    }
}
