package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.io.TempDir;
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

/** cdr list and cdr export against a real database, read back as a billing tool would. */
class CdrCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOV_25 = 1_764_028_800_000L; // 2025-11-25T00:00:00Z

    private static void seed(TestDatabase db) {
        List<CallRecord> records = List.of(
                new CallRecord("c1@x", "1001", "1002", Direction.INTERNAL, null, NOV_25 + 3_600_000, NOV_25 + 3_605_000,
                        NOV_25 + 3_665_000, 65, 60, Disposition.ANSWERED, 200, Party.CALLER, "BYE", null, null, null, null, null, null),
                new CallRecord("c2@x", "1002", "1003", Direction.INTERNAL, null, NOV_25 + 7_200_000, null, NOV_25 + 7_210_000, 10, 0,
                        Disposition.BUSY, 486, Party.CALLEE, "BUSY", null, null, null, null, null, null),
                new CallRecord("c3@x", "Zoë, \"the boss\"", "1001", Direction.INBOUND, null, NOV_25 + 86_400_000, null,
                        NOV_25 + 86_401_000, 1, 0, Disposition.CANCELLED, 487, Party.CALLER, "CANCEL", null, null, null, null, null, null));
        db.database().inTransaction(tx -> tx.cdrs().insertIgnoringDuplicates(records));
    }

    /**
     * The three calls of {@link #seed} with their extensions in departments, plus trunk calls
     * both ways and a caller name meant to run in a spreadsheet.
     */
    private static void seedWithTrunks(TestDatabase db) {
        db.database().inTransaction(tx -> {
            for (String[] e : new String[][] {{"1001", "Sales"}, {"1002", "Sales"}, {"1003", "Support"}}) {
                tx.extensions().insert(new Extension(e[0], "Person " + e[0], e[1], "default", "0".repeat(32), "0".repeat(64), true));
            }
            return null;
        });
        seed(db);
        db.database().inTransaction(tx -> tx.cdrs().insertIgnoringDuplicates(List.of(
                new CallRecord("c4@x", "1003", "+4930123456", Direction.OUTBOUND, "pbx1", NOV_25 + 90_000_000, NOV_25 + 90_002_000,
                        NOV_25 + 90_122_000, 122, 120, Disposition.ANSWERED, 200, Party.CALLEE, "BYE", null, null, null, null, null, null),
                new CallRecord("c5@x", "+15551234567", "1002", Direction.INBOUND, "pbx2", NOV_25 + 91_000_000, null,
                        NOV_25 + 91_030_000, 30, 0, Disposition.NO_ANSWER, 480, null, "UNAVAILABLE", null, null, null, null, null, null),
                new CallRecord("c6@x", "=HYPERLINK(\"http://x\")", "1001", Direction.INBOUND, "pbx2", NOV_25 + 92_000_000,
                        NOV_25 + 92_001_000, NOV_25 + 92_011_000, 11, 10, Disposition.ANSWERED, 200, Party.CALLER, "-BYE",
                        null, null, null, null, null, null))));
    }

    private static List<String> listed(DbSettings s, String... filters) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("cdr", "list", "--json"));
        args.addAll(List.of(filters));
        CliRun run = CliRun.run(s, null, args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        return JSON.readTree(run.out()).findValuesAsText("call_id");
    }

    private static List<CSVRecord> csv(String text) throws Exception {
        try (CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(text))) {
            return p.getRecords();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void listFiltersAndPrintsJson(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            seed(db);
            DbSettings s = db.settings();
            CliRun all = CliRun.run(s, null, "cdr", "list", "--json", "--zone", "UTC");
            assertThat(all.exitCode()).as(all.err()).isZero();
            JsonNode rows = JSON.readTree(all.out());
            assertThat(rows.findValuesAsText("call_id")).containsExactly("c3@x", "c2@x", "c1@x");
            assertThat(rows.get(2).get("start").asText()).isEqualTo("2025-11-25T01:00:00Z");
            assertThat(rows.get(2).get("billsec").asInt()).isEqualTo(60);

            JsonNode day = JSON.readTree(CliRun.run(s, null, "cdr", "list", "--from", "2025-11-25T00:00:00Z", "--to",
                    "2025-11-26T00:00:00Z", "--extension", "1001", "--json").out());
            assertThat(day.findValuesAsText("call_id")).containsExactly("c1@x");

            CliRun table = CliRun.run(s, null, "cdr", "list", "--limit", "1");
            assertThat(table.out()).contains("CALLER").contains("CANCELLED").doesNotContain("c1@x");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void exportWritesCsvThatReadsBack(TestDb kind, @TempDir Path dir) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            seed(db);
            DbSettings s = db.settings();
            Path file = dir.resolve("november.csv");
            CliRun run = CliRun.run(s, null, "cdr", "export", "--from", "2025-11-01T00:00:00Z", "--to", "2025-12-01T00:00:00Z",
                    "--format", "csv", "--out", file.toString(), "--bom", "--zone", "Europe/Berlin");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.err()).contains("exported 3 calls");
            byte[] bytes = Files.readAllBytes(file);
            assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
            assertThat(Files.exists(dir.resolve("november.csv.part"))).isFalse();

            List<CSVRecord> rows = csv(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8));
            assertThat(rows).extracting(r -> r.get("call_id")).containsExactly("c1@x", "c2@x", "c3@x"); // oldest first
            assertThat(rows.get(0).get("start")).isEqualTo("2025-11-25T02:00:00.000+01:00");
            assertThat(rows.get(0).get("billsec")).isEqualTo("60");
            assertThat(rows.get(1).get("disposition")).isEqualTo("BUSY");
            assertThat(rows.get(2).get("caller")).isEqualTo("Zoë, \"the boss\"");

            CliRun oneExtension = CliRun.run(s, null, "cdr", "export", "--from", "2025-11-01", "--to", "2025-12-01",
                    "--extension", "1003", "--zone", "UTC");
            assertThat(oneExtension.exitCode()).as(oneExtension.err()).isZero();
            assertThat(oneExtension.out()).doesNotStartWith("\uFEFF");
            assertThat(csv(oneExtension.out())).extracting(r -> r.get("call_id")).containsExactly("c2@x");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void listFiltersByDirectionDispositionTrunkAndDepartment(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            seedWithTrunks(db);
            DbSettings s = db.settings();
            assertThat(listed(s, "--direction", "outbound")).containsExactly("c4@x");
            assertThat(listed(s, "--direction", "INBOUND")).containsExactly("c6@x", "c5@x", "c3@x");
            assertThat(listed(s, "--disposition", "no-answer")).containsExactly("c5@x");
            assertThat(listed(s, "--disposition", "NO ANSWER")).containsExactly("c5@x");
            assertThat(listed(s, "--trunk", "pbx2")).containsExactly("c6@x", "c5@x");
            // the caller's or the callee's department
            assertThat(listed(s, "--department", "Support")).containsExactly("c4@x", "c2@x");
            assertThat(listed(s, "--department", "Sales")).containsExactly("c6@x", "c5@x", "c3@x", "c2@x", "c1@x");
            assertThat(listed(s, "--department", "Sales", "--direction", "internal", "--extension", "1003")).containsExactly("c2@x");
            assertThat(listed(s, "--department", "Marketing")).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void listPagesOnWithTheCursorItPrints(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            seedWithTrunks(db);
            DbSettings s = db.settings();
            List<String> walked = new java.util.ArrayList<>();
            String after = null;
            for (int page = 0; page < 10; page++) {
                CliRun run = after == null ? CliRun.run(s, null, "cdr", "list", "--json", "--limit", "4")
                        : CliRun.run(s, null, "cdr", "list", "--json", "--limit", "4", "--after", after);
                assertThat(run.exitCode()).as(run.err()).isZero();
                walked.addAll(JSON.readTree(run.out()).findValuesAsText("call_id"));
                java.util.regex.Matcher more = java.util.regex.Pattern.compile("more: add --after (\\S+)").matcher(run.err());
                if (!more.find()) {
                    break;
                }
                after = more.group(1);
            }
            assertThat(walked).containsExactly("c6@x", "c5@x", "c4@x", "c3@x", "c2@x", "c1@x");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void exportFiltersAndExcelModeDefusesFormulasButKeepsNumbers(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            seedWithTrunks(db);
            DbSettings s = db.settings();
            CliRun plain = CliRun.run(s, null, "cdr", "export", "--from", "2025-11-01T00:00:00Z", "--to", "2025-12-01T00:00:00Z",
                    "--trunk", "pbx2", "--disposition", "answered", "--zone", "UTC");
            assertThat(plain.exitCode()).as(plain.err()).isZero();
            List<CSVRecord> rows = csv(plain.out());
            assertThat(rows).extracting(r -> r.get("call_id")).containsExactly("c6@x");
            assertThat(rows.get(0).get("caller")).isEqualTo("=HYPERLINK(\"http://x\")");
            assertThat(rows.get(0).get("hangup_reason")).isEqualTo("-BYE");

            CliRun excel = CliRun.run(s, null, "cdr", "export", "--from", "2025-11-01T00:00:00Z", "--to", "2025-12-01T00:00:00Z",
                    "--direction", "inbound", "--excel", "--zone", "UTC");
            assertThat(excel.exitCode()).as(excel.err()).isZero();
            assertThat(excel.out()).startsWith("\uFEFF");
            List<CSVRecord> sheet = csv(excel.out().substring(1));
            assertThat(sheet).extracting(r -> r.get("call_id")).containsExactly("c3@x", "c5@x", "c6@x");
            assertThat(sheet.get(1).get("caller")).isEqualTo("'+15551234567");
            assertThat(sheet.get(2).get("caller")).isEqualTo("'=HYPERLINK(\"http://x\")");
            assertThat(sheet.get(2).get("hangup_reason")).isEqualTo("'-BYE");
            assertThat(sheet.get(2).get("duration")).isEqualTo("11");
            assertThat(sheet.get(2).get("billsec")).isEqualTo("10");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void asteriskLayoutHasItsEighteenColumnsInOrder(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            seed(db);
            CliRun run = CliRun.run(db.settings(), null, "cdr", "export", "--from", "2025-11-25", "--to", "2025-11-27",
                    "--layout", "asterisk", "--zone", "UTC");
            assertThat(run.exitCode()).as(run.err()).isZero();
            List<CSVRecord> rows = csv(run.out());
            assertThat(rows.get(0).getParser().getHeaderNames()).containsExactly("accountcode", "src", "dst", "dcontext", "clid",
                    "channel", "dstchannel", "lastapp", "lastdata", "start", "answer", "end", "duration", "billsec", "disposition",
                    "amaflags", "uniqueid", "userfield");
            assertThat(rows).hasSize(3).allSatisfy(r -> assertThat(r.size()).isEqualTo(18));
            CSVRecord first = rows.get(0);
            assertThat(first.get("src")).isEqualTo("1001");
            assertThat(first.get("dst")).isEqualTo("1002");
            assertThat(first.get("start")).isEqualTo("2025-11-25 01:00:00");
            assertThat(first.get("answer")).isEqualTo("2025-11-25 01:00:05");
            assertThat(first.get("duration")).isEqualTo("65");
            assertThat(first.get("billsec")).isEqualTo("60");
            assertThat(first.get("uniqueid")).isEqualTo("c1@x");
            assertThat(rows.get(2).get("disposition")).isEqualTo("NO ANSWER");

            CliRun bare = CliRun.run(db.settings(), null, "cdr", "export", "--from", "2025-11-25", "--to", "2025-11-27",
                    "--layout", "asterisk", "--no-header");
            assertThat(bare.out()).startsWith("\"\",1001,1002,");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void badInputNamesTheFieldAndExitsTwo(TestDb kind, @TempDir Path dir) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            DbSettings s = db.settings();
            String[][] cases = {
                {"from:", "cdr", "list", "--from", "last tuesday"},
                {"to:", "cdr", "export", "--from", "2025-11-01", "--to", "soon"},
                {"to: must be after from", "cdr", "export", "--from", "2025-12-01", "--to", "2025-11-01"},
                {"extension:", "cdr", "list", "--extension", "10 01; DROP TABLE cdr"},
                {"limit:", "cdr", "list", "--limit", "0"},
                {"format:", "cdr", "export", "--from", "2025-11-01", "--to", "2025-12-01", "--format", "xlsx"},
                {"layout:", "cdr", "export", "--from", "2025-11-01", "--to", "2025-12-01", "--layout", "cisco"},
                {"zone:", "cdr", "list", "--zone", "Mars/Olympus"},
                {"out:", "cdr", "export", "--from", "2025-11-01", "--to", "2025-12-01", "--out", dir.resolve("no/such/dir/x.csv").toString()},
                {"--to", "cdr", "export", "--from", "2025-11-01"},
                {"direction: one of INTERNAL, OUTBOUND, INBOUND", "cdr", "list", "--direction", "sideways"},
                {"disposition: one of ANSWERED, NO ANSWER", "cdr", "export", "--from", "2025-11-01", "--to", "2025-12-01",
                    "--disposition", "hung up"},
                {"department: must not be blank", "cdr", "list", "--department", " "},
                {"trunk: at most 64 characters", "cdr", "list", "--trunk", "t".repeat(65)},
                {"after: not a cursor", "cdr", "list", "--after", "page2"},
            };
            for (String[] c : cases) {
                CliRun run = CliRun.run(s, null, java.util.Arrays.copyOfRange(c, 1, c.length));
                assertThat(run.exitCode()).as(String.join(" ", c) + ": " + run.err()).isEqualTo(2);
                assertThat(run.err()).as(String.join(" ", c)).contains(c[0]);
            }
            assertThat(db.queryString("SELECT COUNT(*) FROM cdr")).isEqualTo("0");
        }
    }
}
