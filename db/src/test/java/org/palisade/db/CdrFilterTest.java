package org.palisade.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.palisade.db.CdrSamples.DEC_1;
import static org.palisade.db.CdrSamples.NOV_1;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.call.Direction;
import org.palisade.core.call.Disposition;
import org.palisade.core.cdr.CallRecord;
import org.palisade.core.cdr.CdrPage;
import org.palisade.core.cdr.CdrQuery;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;

/** Every CdrQuery filter and the keyset pages, checked against the same predicate in Java. */
class CdrFilterTest {

    private static final List<CallRecord> CALLS = CdrSamples.calls(300);

    private static List<String> exported(TestDatabase db, CdrQuery q) {
        List<String> ids = new ArrayList<>();
        db.database().inTransaction(tx -> tx.cdrs().export(q, r -> ids.add(r.callId())));
        return ids;
    }

    /** What the store must return for a filter: oldest first, ties by insertion order (the samples' list order). */
    private static List<String> expected(Predicate<CallRecord> filter) {
        return CALLS.stream().filter(filter).sorted(Comparator.comparingLong(CallRecord::startMillis))
                .map(CallRecord::callId).toList();
    }

    private static TestDatabase seeded(TestDb kind) {
        TestDatabase db = TestDatabase.create(kind);
        CdrSamples.addExtensions(db);
        CdrSamples.insert(db, CALLS);
        return db;
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void eachFilterAloneAndTogetherMatchesWhatItSays(TestDb kind) {
        try (TestDatabase db = seeded(kind)) {
            Instant nov = Instant.ofEpochMilli(NOV_1);
            Instant dec = Instant.ofEpochMilli(DEC_1);
            record Case(CdrQuery query, Predicate<CallRecord> filter) {
            }
            List<Case> cases = List.of(
                    new Case(CdrQuery.between(nov, dec), r -> r.startMillis() >= NOV_1 && r.startMillis() < DEC_1),
                    new Case(CdrQuery.builder().extension("1003").build(), r -> r.caller().equals("1003") || r.callee().equals("1003")),
                    new Case(CdrQuery.builder().direction(Direction.INBOUND).build(), r -> r.direction() == Direction.INBOUND),
                    new Case(CdrQuery.builder().disposition(Disposition.NO_ANSWER).build(), r -> r.disposition() == Disposition.NO_ANSWER),
                    new Case(CdrQuery.builder().disposition(Disposition.BLOCKED_BY_POLICY).build(),
                            r -> r.disposition() == Disposition.BLOCKED_BY_POLICY),
                    new Case(CdrQuery.builder().trunk("pbx2").build(), r -> "pbx2".equals(r.trunk())),
                    new Case(CdrQuery.builder().department("Sales").build(),
                            r -> "Sales".equals(CdrSamples.callerDepartment(r)) || "Sales".equals(CdrSamples.calleeDepartment(r))),
                    new Case(CdrQuery.builder().from(nov).to(dec).direction(Direction.OUTBOUND).trunk("pbx1").department("Sales").build(),
                            r -> r.startMillis() >= NOV_1 && r.startMillis() < DEC_1 && r.direction() == Direction.OUTBOUND
                                    && "pbx1".equals(r.trunk()) && "Sales".equals(CdrSamples.callerDepartment(r))),
                    new Case(CdrQuery.builder().extension("1001").disposition(Disposition.ANSWERED).build(),
                            r -> (r.caller().equals("1001") || r.callee().equals("1001")) && r.disposition() == Disposition.ANSWERED));
            for (Case c : cases) {
                List<String> want = expected(c.filter());
                assertThat(want).as("the samples exercise " + c.query()).isNotEmpty();
                assertThat(exported(db, c.query())).as(c.query().toString()).containsExactlyElementsOf(want);
            }
            assertThat(exported(db, CdrQuery.builder().trunk("no-such-trunk").build())).isEmpty();
        }
    }

    /**
     * The department is the one the extension had when the call was stored: a later move or
     * removal does not change last month's figures, and an outside number that happens to equal
     * an extension's gets none.
     */
    @ParameterizedTest
    @EnumSource(TestDb.class)
    void theDepartmentIsTheOneStoredWithTheCall(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            CdrSamples.addExtensions(db);
            CdrSamples.insert(db, List.of(
                    CdrSamples.call("before-move", "1002", "+4930123456", Direction.OUTBOUND, "pbx1", NOV_1, 10_000, Disposition.ANSWERED),
                    CdrSamples.call("outside-1003", "1003", "1004", Direction.INBOUND, "pbx1", NOV_1 + 1, 10_000, Disposition.ANSWERED),
                    CdrSamples.call("to-1003", "1004", "1003", Direction.INTERNAL, null, NOV_1 + 2, 10_000, Disposition.BUSY)));
            db.database().inTransaction(tx -> {
                tx.extensions().update(tx.extensions().find("1002").orElseThrow().withDepartment("Finance"));
                tx.extensions().delete("1003");
                return null;
            });
            CdrSamples.insert(db, List.of(
                    CdrSamples.call("after-move", "1002", "+4930123456", Direction.OUTBOUND, "pbx1", NOV_1 + 3, 10_000, Disposition.ANSWERED),
                    CdrSamples.call("after-removal", "1003", "1001", Direction.INTERNAL, null, NOV_1 + 4, 10_000, Disposition.ANSWERED)));

            assertThat(exported(db, CdrQuery.builder().department("Sales").build())).containsExactly("before-move", "after-removal");
            assertThat(exported(db, CdrQuery.builder().department("Finance").build())).containsExactly("after-move");
            assertThat(exported(db, CdrQuery.builder().department("Support").build())).containsExactly("to-1003");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void pagesWalkEveryRecordNewestFirstOnceAndEndWithNoCursor(TestDb kind) {
        try (TestDatabase db = seeded(kind)) {
            CdrQuery filter = CdrQuery.builder().from(Instant.ofEpochMilli(NOV_1)).to(Instant.ofEpochMilli(DEC_1 + 1)).build();
            List<String> all = new ArrayList<>(expected(r -> r.startMillis() >= NOV_1 && r.startMillis() <= DEC_1));
            java.util.Collections.reverse(all);
            assertThat(all).contains("tie-a", "tie-b", "edge-dec-first");

            for (int limit : new int[] {7, 1, all.size(), all.size() - 1}) {
                List<String> walked = new ArrayList<>();
                CdrQuery q = filter.withLimit(limit);
                int pages = 0;
                while (true) {
                    CdrQuery current = q;
                    CdrPage page = db.database().inTransaction(tx -> tx.cdrs().page(current));
                    page.records().forEach(r -> walked.add(r.callId()));
                    pages++;
                    assertThat(page.records()).hasSizeLessThanOrEqualTo(limit);
                    if (!page.hasNext()) {
                        break;
                    }
                    assertThat(page.records()).as("a page with a next one is full").hasSize(limit);
                    q = q.after(page.next());
                }
                assertThat(walked).as("limit " + limit).containsExactlyElementsOf(all);
                assertThat(pages).as("limit " + limit + ": no empty last page").isEqualTo((all.size() + limit - 1) / limit);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aPageIsStableWhileNewCallsArrive(TestDb kind) {
        try (TestDatabase db = seeded(kind)) {
            CdrQuery q = CdrQuery.builder().direction(Direction.INTERNAL).limit(5).build();
            CdrPage first = db.database().inTransaction(tx -> tx.cdrs().page(q));
            CdrSamples.insert(db, List.of(CdrSamples.call("newer", "1001", "1002", Direction.INTERNAL, null,
                    CdrSamples.JAN_1 + 1, 1_000, Disposition.ANSWERED)));
            CdrPage second = db.database().inTransaction(tx -> tx.cdrs().page(q.after(first.next())));
            List<String> internal = new ArrayList<>(expected(r -> r.direction() == Direction.INTERNAL));
            java.util.Collections.reverse(internal);
            assertThat(first.records()).extracting(CallRecord::callId).containsExactlyElementsOf(internal.subList(0, 5));
            assertThat(second.records()).extracting(CallRecord::callId).containsExactlyElementsOf(internal.subList(5, 10));
            assertThat(Objects.requireNonNull(first.next()).token()).matches("\\d+-\\d+");
        }
    }
}
