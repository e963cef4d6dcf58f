package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.call.Direction;
import org.palisade.core.call.Disposition;
import org.palisade.core.call.Party;
import org.palisade.core.cdr.CallRecord;
import org.palisade.core.extension.Extension;
import org.palisade.db.DbSettings;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.server.testing.CliRun;

/** cdr summary: what finance reads per month, checked against the export of the same calls. */
class CdrSummaryCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOV_30_LAST = 1_764_547_199_000L; // 2025-11-30T23:59:59Z
    private static final String FROM = "2025-11-01T00:00:00Z";
    private static final String TO = "2026-01-01T00:00:00Z";

    private static CallRecord call(String id, String caller, String callee, Direction d, String trunk, long start, long seconds,
                                   Disposition disposition) {
        boolean answered = disposition == Disposition.ANSWERED;
        long end = start + seconds * 1_000;
        return new CallRecord(id, caller, callee, d, trunk, start, answered ? start + 1_000 : null, end, seconds,
                answered ? seconds - 1 : 0, disposition, answered ? 200 : 486, Party.CALLER, "BYE", null, null, null, null, null, null);
    }

    /** November and December, an internal call across the month boundary, answered and unanswered calls both ways. */
    private static void seed(TestDatabase db) {
        db.database().inTransaction(tx -> {
            tx.extensions().insert(new Extension("1001", "Ann", "Sales", "default", "0".repeat(32), "0".repeat(64), true));
            tx.extensions().insert(new Extension("1002", "Bob", "Support", "default", "0".repeat(32), "0".repeat(64), true));
            tx.extensions().insert(new Extension("1003", "Cy", null, "default", "0".repeat(32), "0".repeat(64), true));
            return null;
        });
        long day = 86_400_000;
        List<CallRecord> calls = List.of(
                call("a", "1001", "1002", Direction.INTERNAL, null, NOV_30_LAST - 10 * day, 100, Disposition.ANSWERED),
                call("b", "1001", "+4930123", Direction.OUTBOUND, "pbx1", NOV_30_LAST - 9 * day, 40, Disposition.BUSY),
                call("c", "+4930999", "1002", Direction.INBOUND, "pbx1", NOV_30_LAST - 8 * day, 300, Disposition.ANSWERED),
                call("d", "1002", "1001", Direction.INTERNAL, null, NOV_30_LAST, 3_600, Disposition.ANSWERED), // starts in November
                call("e", "1003", "+4930123", Direction.OUTBOUND, "pbx2", NOV_30_LAST + 1_000, 20, Disposition.FAILED), // December
                call("f", "1001", "+4930123", Direction.OUTBOUND, "pbx2", NOV_30_LAST + 5 * day, 61, Disposition.ANSWERED),
                call("g", "1003", "1001", Direction.INTERNAL, null, NOV_30_LAST + 6 * day, 15, Disposition.CANCELLED));
        db.database().inTransaction(tx -> tx.cdrs().insertIgnoringDuplicates(calls));
    }

    private static JsonNode summary(DbSettings s, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("cdr", "summary", "--from", FROM, "--to", TO, "--json"));
        args.addAll(List.of(more));
        CliRun run = CliRun.run(s, null, args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        return JSON.readTree(run.out());
    }

    private static String line(JsonNode l, String key) {
        return l.get("month").asText() + " " + (l.get(key).isNull() ? "-" : l.get(key).asText()) + " " + l.get("calls") + " "
                + l.get("answered") + " " + l.get("duration") + " " + l.get("billsec");
    }

    private static List<String> lines(JsonNode summary, String key) {
        List<String> out = new ArrayList<>();
        summary.get("lines").forEach(l -> out.add(line(l, key)));
        return out;
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void perExtensionTheCallerPaysAndTheTotalsMatchTheExport(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            seed(db);
            JsonNode s = summary(db.settings(), "--by", "extension");
            assertThat(s.get("by").asText()).isEqualTo("extension");
            // month, billing extension, calls, answered, duration, billsec
            assertThat(lines(s, "extension")).containsExactly(
                    "2025-11 1001 2 1 140 99",
                    "2025-11 1002 2 2 3900 3898", // c: inbound, billed to the called extension; d: 1002 called 1001
                    "2025-12 1001 1 1 61 60",
                    "2025-12 1003 2 0 35 0");
            JsonNode t = s.get("totals");
            assertThat(List.of(t.get("calls").asLong(), t.get("answered").asLong(), t.get("duration").asLong(), t.get("billsec").asLong()))
                    .containsExactly(7L, 4L, 4136L, 4057L);

            CliRun export = CliRun.run(db.settings(), null, "cdr", "export", "--from", FROM, "--to", TO);
            try (CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(export.out()))) {
                List<CSVRecord> rows = p.getRecords();
                assertThat((long) rows.size()).isEqualTo(t.get("calls").asLong());
                assertThat(rows.stream().filter(r -> r.get("disposition").equals("ANSWERED")).count()).isEqualTo(t.get("answered").asLong());
                assertThat(rows.stream().mapToLong(r -> Long.parseLong(r.get("duration"))).sum()).isEqualTo(t.get("duration").asLong());
                assertThat(rows.stream().mapToLong(r -> Long.parseLong(r.get("billsec"))).sum()).isEqualTo(t.get("billsec").asLong());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void perDepartmentAndPerTrunkWithFilters(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            seed(db);
            assertThat(lines(summary(db.settings(), "--by", "department"), "department")).containsExactly(
                    "2025-11 Sales 2 1 140 99", "2025-11 Support 2 2 3900 3898", "2025-12 Sales 1 1 61 60", "2025-12 - 2 0 35 0");
            assertThat(lines(summary(db.settings(), "--by", "trunk", "--direction", "outbound"), "trunk")).containsExactly(
                    "2025-11 pbx1 1 0 40 0", "2025-12 pbx2 2 1 81 60");
            // the filter matches either party, the line is still the billing party's
            assertThat(lines(summary(db.settings(), "--by", "extension", "--department", "Support"), "extension")).containsExactly(
                    "2025-11 1001 1 1 100 99", "2025-11 1002 2 2 3900 3898");

            CliRun table = CliRun.run(db.settings(), null, "cdr", "summary", "--from", FROM, "--to", TO, "--by", "department");
            assertThat(table.exitCode()).as(table.err()).isZero();
            assertThat(table.out()).contains("MONTH", "DEPARTMENT", "BILLSEC", "(none)");
            assertThat(table.out().lines().reduce((a, b) -> b).orElseThrow()).matches("total\\s+7\\s+4\\s+4136\\s+4057");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void badInputNamesTheField(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            String[][] cases = {
                {"by: extension, department or trunk, got 'month'", "--from", FROM, "--to", TO, "--by", "month"},
                {"--by", "--from", FROM, "--to", TO},
                {"--from", "--to", TO, "--by", "trunk"},
                {"to: must be after from", "--from", TO, "--to", FROM, "--by", "trunk"},
                {"direction:", "--from", FROM, "--to", TO, "--by", "trunk", "--direction", "up"},
            };
            for (String[] c : cases) {
                List<String> args = new ArrayList<>(List.of("cdr", "summary"));
                args.addAll(List.of(c).subList(1, c.length));
                CliRun run = CliRun.run(db.settings(), null, args.toArray(String[]::new));
                assertThat(run.exitCode()).as(String.join(" ", c) + ": " + run.err()).isEqualTo(2);
                assertThat(run.err()).as(String.join(" ", c)).contains(c[0]);
            }
        }
    }
}
