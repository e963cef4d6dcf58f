package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditType;
import org.palisade.core.call.Direction;
import org.palisade.core.call.Disposition;
import org.palisade.core.call.Party;
import org.palisade.core.cdr.CallRecord;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.server.testing.TestServer;
import org.palisade.web.testing.WebClient;

/**
 * {@code /api/cdr}, {@code /api/cdr.csv} and {@code /api/cdr/summary} over HTTP on a known set of
 * calls: every filter, the pages, the CSV modes and layouts, the summary against the detail rows,
 * the errors naming their field, the roles, and the CDR_EXPORTED entries.
 */
class CdrApiTest {

    static final long OCT_15 = 1_760_486_400_000L; // 2025-10-15T00:00:00Z
    static final String PERIOD = "from=2025-10-01&to=2026-01-01";
    static final String FORMULA = "=HYPERLINK(\"x\")";
    static final Map<String, String> DEPARTMENTS = new HashMap<>();
    static final List<String> EXTENSIONS = List.of("1001", "1002", "1003", "1004");

    static {
        DEPARTMENTS.put("1001", "Sales");
        DEPARTMENTS.put("1002", "Sales");
        DEPARTMENTS.put("1003", "Support");
        DEPARTMENTS.put("1004", null);
    }

    /**
     * {@code n} calls {@code stepMillis} apart from {@code first}; with 60 a day apart, from
     * 2025-10-15 to 2025-12-13 (three UTC months), every direction with every disposition, two
     * trunks, extensions in two departments and one in none, and an inbound caller (call-5) named
     * like a spreadsheet formula. Calls 10 and 11 start in the same millisecond.
     */
    static List<CallRecord> calls(int n, long first, long stepMillis) {
        Disposition[] dispositions = Disposition.values();
        List<CallRecord> calls = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long start = first + (i == 11 ? 10 : i) * stepMillis;
            Direction direction = Direction.values()[i % 3];
            Disposition d = dispositions[(i / 3) % dispositions.length]; // every direction with every disposition
            String ext = EXTENSIONS.get(i % 4);
            String caller = switch (direction) {
                case INTERNAL, OUTBOUND -> ext;
                case INBOUND -> i == 5 ? FORMULA : "+4940" + (1000 + i);
            };
            String callee = switch (direction) {
                case INTERNAL -> EXTENSIONS.get((i + 1) % 4);
                case OUTBOUND -> "+4930" + (2000 + i);
                case INBOUND -> ext;
            };
            String trunk = direction == Direction.INTERNAL ? null : i % 2 == 0 ? "pbx1" : "pbx2";
            boolean answered = d == Disposition.ANSWERED;
            Long answer = answered ? start + 4_000 : null;
            long end = answered ? answer + (1 + i * 37 % 600) * 1000 + 400 : start + 20_000;
            int code = switch (d) {
                case ANSWERED -> 200;
                case NO_ANSWER -> 480;
                case BUSY -> 486;
                case FAILED -> 503;
                case CANCELLED -> 487;
                case BLOCKED_BY_POLICY -> 403;
            };
            calls.add(new CallRecord("call-" + i + "@test", caller, callee, direction, trunk, start, answer, end,
                    CallRecord.seconds(start, end), answered ? CallRecord.seconds(answer, end) : 0, d, code,
                    answered ? Party.CALLER : Party.SYSTEM, answered ? "BYE" : d.label(), i % 5 == 0 ? "audio,video" : "audio",
                    "audio", answered ? 100L + i : null, answered ? 17_200L + i : null, answered ? 90L : null,
                    answered ? 15_480L : null));
        }
        return calls;
    }

    static TestServer serverWithCalls(TestDatabase db, List<CallRecord> calls) throws Exception {
        TestServer server = AdminWebTest.serverWithAccounts(db, TestServer.webSettings());
        for (String ext : EXTENSIONS) {
            server.admin().addExtension("test", ext, "Test " + ext, DEPARTMENTS.get(ext), null, ("pw-" + ext + "-long").toCharArray());
        }
        for (int i = 0; i < calls.size(); i += 500) {
            List<CallRecord> batch = calls.subList(i, Math.min(calls.size(), i + 500));
            db.database().inTransaction(tx -> tx.cdrs().insertIgnoringDuplicates(batch));
        }
        return server;
    }

    static WebClient login(TestServer server, String name, String password) {
        WebClient c = new WebClient(server.webBase());
        c.login(name, password).expect(200);
        return c;
    }

    static WebClient finance(TestServer server) {
        return login(server, "fin", AdminWebTest.FINANCE_PASSWORD);
    }

    /** Every record through the pages of /api/cdr, newest first. */
    static List<JsonNode> allPages(WebClient c, String query, int limit) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 1000; pages++) {
            JsonNode page = c.get("/api/cdr?" + query + "&limit=" + limit + (cursor == null ? "" : "&cursor=" + enc(cursor)))
                    .expect(200).json();
            page.get("items").forEach(items::add);
            assertThat(page.get("items").size()).isLessThanOrEqualTo(limit);
            if (page.get("next").isNull()) {
                return items;
            }
            assertThat(page.get("items").size()).as("only the last page is short").isEqualTo(limit);
            cursor = page.get("next").asText();
        }
        throw new AssertionError("more than 1000 pages");
    }

    static List<String> ids(List<JsonNode> items) {
        return items.stream().map(i -> i.get("callId").asText()).toList();
    }

    /** The call ids matching {@code filter}, newest first; of two that started together, the one stored later first. */
    static List<String> expected(List<CallRecord> calls, Predicate<CallRecord> filter) {
        return java.util.stream.IntStream.range(0, calls.size()).filter(i -> filter.test(calls.get(i))).boxed()
                .sorted(Comparator.comparingLong((Integer i) -> calls.get(i).startMillis()).thenComparingInt(i -> i).reversed())
                .map(i -> calls.get(i).callId()).toList();
    }

    static CallRecord first(List<CallRecord> calls, Predicate<CallRecord> p) {
        return calls.stream().filter(p).findFirst().orElseThrow();
    }

    static JsonNode item(List<JsonNode> items, String callId) {
        return items.stream().filter(i -> i.get("callId").asText().equals(callId)).findFirst().orElseThrow();
    }

    static CSVRecord row(List<CSVRecord> rows, int column, String callId) {
        return rows.stream().filter(r -> r.get(column).equals(callId)).findFirst().orElseThrow();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String department(String number) {
        return number == null ? null : DEPARTMENTS.get(number);
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void listsNewestFirstWithEveryFilterAndPagesThroughAll(TestDb kind) throws Exception {
        List<CallRecord> calls = calls(60, OCT_15, 86_400_000L);
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = serverWithCalls(db, calls)) {
            WebClient fin = finance(server);

            JsonNode page = fin.get("/api/cdr?" + PERIOD).expect(200).json();
            assertThat(page.get("items").size()).isEqualTo(60);
            assertThat(page.get("next").isNull()).isTrue();
            assertThat(ids(list(page))).containsExactlyElementsOf(expected(calls, c -> true));

            CallRecord c30 = first(calls, c -> c.disposition() == Disposition.ANSWERED && c.direction() == Direction.INTERNAL
                    && c.mediaOffered().contains("video"));
            JsonNode answered = item(list(page), c30.callId());
            assertThat(fieldNames(answered)).containsExactly("callId", "caller", "callee", "direction", "trunk", "start", "answer", "end",
                    "duration", "billsec", "disposition", "sipCode", "hungUpBy", "hangupReason", "mediaOffered", "mediaUsed",
                    "packetsFromCaller", "bytesFromCaller", "packetsFromCallee", "bytesFromCallee");
            assertThat(answered.get("start").asText()).isEqualTo(Instant.ofEpochMilli(c30.startMillis()).toString()).endsWith("Z");
            assertThat(Instant.parse(answered.get("answer").asText()).toEpochMilli()).isEqualTo(c30.answerMillis());
            assertThat(Instant.parse(answered.get("end").asText()).toEpochMilli()).isEqualTo(c30.endMillis());
            assertThat(answered.get("caller").asText()).isEqualTo(c30.caller());
            assertThat(answered.get("callee").asText()).isEqualTo(c30.callee());
            assertThat(answered.get("trunk").isNull()).isTrue();
            assertThat(answered.get("direction").asText()).isEqualTo("INTERNAL");
            assertThat(answered.get("disposition").asText()).isEqualTo("ANSWERED");
            assertThat(answered.get("duration").asLong()).isEqualTo(c30.durationSeconds());
            assertThat(answered.get("billsec").asLong()).isEqualTo(c30.billsec()).isPositive();
            assertThat(answered.get("sipCode").asInt()).isEqualTo(200);
            assertThat(answered.get("hungUpBy").asText()).isEqualTo("CALLER");
            assertThat(answered.get("mediaOffered").toString()).isEqualTo("[\"audio\",\"video\"]");
            assertThat(answered.get("mediaUsed").toString()).isEqualTo("[\"audio\"]");
            assertThat(answered.get("packetsFromCaller").asLong()).isEqualTo(c30.packetsFromCaller());
            assertThat(answered.get("bytesFromCallee").asLong()).isEqualTo(c30.bytesFromCallee());
            CallRecord c1 = first(calls, c -> c.disposition() == Disposition.NO_ANSWER && c.direction() == Direction.OUTBOUND);
            JsonNode unanswered = item(list(page), c1.callId());
            assertThat(unanswered.get("answer").isNull()).isTrue();
            assertThat(unanswered.get("billsec").asLong()).isZero();
            assertThat(unanswered.get("trunk").asText()).isEqualTo(c1.trunk());
            assertThat(unanswered.get("disposition").asText()).isEqualTo("NO ANSWER");
            assertThat(unanswered.get("packetsFromCaller").isNull()).isTrue();

            Map<String, Predicate<CallRecord>> filters = new LinkedHashMap<>();
            filters.put("extension=1001", c -> c.caller().equals("1001") || c.callee().equals("1001"));
            filters.put("direction=outbound", c -> c.direction() == Direction.OUTBOUND);
            filters.put("direction=INBOUND", c -> c.direction() == Direction.INBOUND);
            filters.put("disposition=" + enc("NO ANSWER"), c -> c.disposition() == Disposition.NO_ANSWER);
            filters.put("disposition=blocked-by-policy", c -> c.disposition() == Disposition.BLOCKED_BY_POLICY);
            filters.put("trunk=pbx1", c -> "pbx1".equals(c.trunk()));
            filters.put("department=Sales", c -> "Sales".equals(callerDepartment(c)) || "Sales".equals(calleeDepartment(c)));
            filters.put("department=Support&direction=internal",
                    c -> c.direction() == Direction.INTERNAL && ("Support".equals(callerDepartment(c)) || "Support".equals(calleeDepartment(c))));
            filters.put("extension=1002&trunk=pbx2&disposition=ANSWERED", c -> (c.caller().equals("1002") || c.callee().equals("1002"))
                    && "pbx2".equals(c.trunk()) && c.disposition() == Disposition.ANSWERED);
            for (Map.Entry<String, Predicate<CallRecord>> f : filters.entrySet()) {
                List<String> want = expected(calls, f.getValue());
                assertThat(want).as(f.getKey() + " selects something").isNotEmpty();
                assertThat(want.size()).as(f.getKey() + " leaves something out").isLessThan(60);
                assertThat(ids(list(fin.get("/api/cdr?" + PERIOD + "&" + f.getKey()).expect(200).json())))
                        .as(f.getKey()).containsExactlyElementsOf(want);
            }
            assertThat(list(fin.get("/api/cdr?" + PERIOD + "&extension=9999").expect(200).json())).isEmpty();

            // the period is [from, to), by start; offsets as sent percent-encoded, or with a raw '+' (a space once decoded)
            long nov1 = LocalDate.of(2025, 11, 1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            long dec1 = LocalDate.of(2025, 12, 1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            assertThat(ids(list(fin.get("/api/cdr?from=2025-11-01&to=2025-12-01").expect(200).json())))
                    .containsExactlyElementsOf(expected(calls, c -> c.startMillis() >= nov1 && c.startMillis() < dec1));
            long nov1Berlin = nov1 - 3_600_000;
            List<String> berlin = expected(calls, c -> c.startMillis() >= nov1Berlin && c.startMillis() < dec1 - 3_600_000);
            assertThat(ids(list(fin.get("/api/cdr?from=" + enc("2025-11-01T00:00:00+01:00") + "&to=" + enc("2025-12-01T00:00:00+01:00"))
                    .expect(200).json()))).containsExactlyElementsOf(berlin);
            assertThat(ids(list(fin.get("/api/cdr?from=2025-11-01T00:00:00+01:00&to=2025-11-30T23:00:00Z").expect(200).json())))
                    .containsExactlyElementsOf(berlin);

            // pages: keyset, stable, every call once, including the two that started in the same millisecond
            for (int limit : new int[] {1, 7, 10, 60}) {
                assertThat(ids(allPages(fin, PERIOD, limit))).as("limit " + limit).containsExactlyElementsOf(expected(calls, c -> true));
            }
            assertThat(ids(allPages(fin, PERIOD + "&direction=internal", 3)))
                    .containsExactlyElementsOf(expected(calls, c -> c.direction() == Direction.INTERNAL));
            JsonNode first = fin.get("/api/cdr?" + PERIOD + "&limit=59").expect(200).json();
            assertThat(first.get("items").size()).isEqualTo(59);
            assertThat(first.get("next").asText()).matches("\\d+-\\d+");

            // the other readers
            login(server, "audrey", AdminWebTest.AUDITOR_PASSWORD).get("/api/cdr?" + PERIOD + "&limit=1").expect(200);
            login(server, "root", AdminWebTest.ROOT_PASSWORD).get("/api/cdr?" + PERIOD + "&limit=1").expect(200);
            assertThat(new WebClient(server.webBase()).get("/api/cdr?" + PERIOD).status()).isEqualTo(401);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void badParametersAre400NamingTheField(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = serverWithCalls(db, calls(3, OCT_15, 1000))) {
            WebClient fin = finance(server);
            for (String path : List.of("/api/cdr", "/api/cdr.csv", "/api/cdr/summary")) {
                String by = path.endsWith("summary") ? "&by=extension" : "";
                assertField(fin.get(path + "?to=2026-01-01" + by), "from", "required");
                assertField(fin.get(path + "?from=2025-10-01" + by), "to", "required");
                assertField(fin.get(path + "?from=&to=2026-01-01" + by), "from", "required");
                assertField(fin.get(path + "?from=yesterday&to=2026-01-01" + by), "from", "ISO 8601");
                assertField(fin.get(path + "?from=2025-10-01T10:00:00&to=2026-01-01" + by), "from", "offset");
                assertField(fin.get(path + "?from=2025-10-01&to=2025-13-01" + by), "to", "ISO 8601");
                assertField(fin.get(path + "?from=2026-01-01&to=2025-10-01" + by), "to", "after from");
                assertField(fin.get(path + "?from=2026-01-01&to=2026-01-01" + by), "to", "after from");
                assertField(fin.get(path + "?" + PERIOD + "&direction=sideways" + by), "direction", "INTERNAL, OUTBOUND, INBOUND");
                assertField(fin.get(path + "?" + PERIOD + "&disposition=maybe" + by), "disposition", "NO ANSWER");
                assertField(fin.get(path + "?" + PERIOD + "&extension=" + enc("10 01") + by), "extension", "digits");
                assertField(fin.get(path + "?" + PERIOD + "&trunk=" + "t".repeat(65) + by), "trunk", "64");
                assertField(fin.get(path + "?" + PERIOD + "&extention=1001" + by), "extention", "unknown parameter");
                assertField(fin.get(path + "?" + PERIOD + "&trunk=a&trunk=b" + by), "trunk", "2 times");
            }
            assertField(fin.get("/api/cdr?" + PERIOD + "&cursor=page-2"), "cursor", "previous page");
            assertField(fin.get("/api/cdr?" + PERIOD + "&cursor=-1-5"), "cursor", "previous page");
            assertField(fin.get("/api/cdr?" + PERIOD + "&limit=0"), "limit", "1 to 1000");
            assertField(fin.get("/api/cdr?" + PERIOD + "&limit=1001"), "limit", "1 to 1000");
            assertField(fin.get("/api/cdr?" + PERIOD + "&limit=ten"), "limit", "1 to 1000");
            assertField(fin.get("/api/cdr.csv?" + PERIOD + "&layout=excel"), "layout", "palisade or asterisk");
            assertField(fin.get("/api/cdr.csv?" + PERIOD + "&excel=yes"), "excel", "true or false");
            assertField(fin.get("/api/cdr.csv?" + PERIOD + "&zone=Mars/Olympus"), "zone", "time zone");
            assertField(fin.get("/api/cdr/summary?" + PERIOD), "by", "required");
            assertField(fin.get("/api/cdr/summary?" + PERIOD + "&by=caller"), "by", "extension, department or trunk");

            WebClient.Reply bad = fin.get("/api/cdr.csv?" + PERIOD + "&layout=excel");
            assertThat(bad.header("Content-Type")).startsWith("application/json");
            assertThat(bad.header("Content-Disposition")).isNull();
            assertThat(server.audit(AuditType.CDR_EXPORTED)).as("a refused export is no export").isEmpty();
            fin.get("/api/cdr?" + PERIOD).expect(200); // still fine
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void csvIsExactByDefaultAndEscapedForExcelInBothLayoutsAndEveryExportIsAudited(TestDb kind) throws Exception {
        List<CallRecord> calls = calls(60, OCT_15, 86_400_000L);
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = serverWithCalls(db, calls)) {
            WebClient fin = finance(server);

            WebClient.Reply plain = fin.get("/api/cdr.csv?" + PERIOD).expect(200);
            assertThat(plain.header("Content-Type")).isEqualTo("text/csv; charset=utf-8");
            assertThat(plain.header("Content-Disposition")).isEqualTo("attachment; filename=\"cdr-2025-10-01-to-2025-12-31.csv\"");
            assertThat(plain.header("Cache-Control")).isEqualTo("no-store");
            assertThat(plain.body()).doesNotStartWith("\uFEFF").startsWith("call_id,caller,callee,direction,trunk,start,answer,end,"
                    + "duration,billsec,disposition,sip_code,hangup_by,hangup_reason,media_offered,media_used,"
                    + "packets_from_caller,bytes_from_caller,packets_from_callee,bytes_from_callee\r\n");
            List<CSVRecord> rows = csv(plain.body());
            assertThat(rows).hasSize(61);
            List<String> oldestFirst = new ArrayList<>(expected(calls, c -> true));
            java.util.Collections.reverse(oldestFirst);
            assertThat(rows.subList(1, 61).stream().map(r -> r.get(0)).toList()).containsExactlyElementsOf(oldestFirst);
            assertThat(row(rows, 0, "call-5@test").get(1)).isEqualTo(FORMULA);
            assertThat(plain.body()).contains(",\"=HYPERLINK(\"\"x\"\")\",");
            CallRecord answered = first(calls, c -> c.disposition() == Disposition.ANSWERED && c.mediaOffered().contains("video"));
            CSVRecord a = row(rows, 0, answered.callId());
            assertThat(a.get(5)).isEqualTo(Instant.ofEpochMilli(answered.startMillis()).toString().replace("Z", ".000Z"));
            assertThat(a.get(8)).isEqualTo(Long.toString(answered.durationSeconds()));
            assertThat(a.get(9)).isEqualTo(Long.toString(answered.billsec()));
            assertThat(a.get(10)).isEqualTo("ANSWERED");
            assertThat(a.get(14)).isEqualTo("audio,video");

            WebClient.Reply excel = fin.get("/api/cdr.csv?" + PERIOD + "&excel=true").expect(200);
            assertThat(excel.body()).startsWith("\uFEFFcall_id,caller,");
            List<CSVRecord> excelRows = csv(excel.body().substring(1));
            assertThat(row(excelRows, 0, "call-5@test").get(1)).isEqualTo("'" + FORMULA);
            CallRecord outbound = first(calls, c -> c.direction() == Direction.OUTBOUND);
            assertThat(row(rows, 0, outbound.callId()).get(2)).isEqualTo(outbound.callee()).startsWith("+");
            assertThat(row(excelRows, 0, outbound.callId()).get(2)).as("a + number is text in a sheet too")
                    .isEqualTo("'" + outbound.callee());
            assertThat(excelRows).hasSize(61);
            for (int i = 1; i < 61; i++) {
                CSVRecord p = rows.get(i);
                CSVRecord e = excelRows.get(i);
                for (int col : new int[] {8, 9, 11, 16, 17, 18, 19}) {
                    assertThat(e.get(col)).as("numbers stay exact").isEqualTo(p.get(col));
                }
            }

            // Asterisk's Master.csv: its columns, its words, no header row, times in the zone asked for
            WebClient.Reply asterisk = fin.get("/api/cdr.csv?" + PERIOD + "&layout=asterisk&header=false&zone=Europe/Berlin").expect(200);
            List<CSVRecord> ast = csv(asterisk.body());
            assertThat(ast).hasSize(60);
            assertThat(ast).allSatisfy(r -> assertThat(r.size()).isEqualTo(18));
            CSVRecord a30 = row(ast, 16, answered.callId());
            assertThat(a30.get(1)).isEqualTo(answered.caller());
            assertThat(a30.get(2)).isEqualTo(answered.callee());
            assertThat(a30.get(9)).isEqualTo(java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
                    .withZone(java.time.ZoneId.of("Europe/Berlin")).format(Instant.ofEpochMilli(answered.startMillis())));
            assertThat(a30.get(12)).isEqualTo(Long.toString(answered.durationSeconds()));
            assertThat(a30.get(13)).isEqualTo(Long.toString(answered.billsec()));
            assertThat(a30.get(14)).isEqualTo("ANSWERED");
            CSVRecord cancelled = row(ast, 16, first(calls, c -> c.disposition() == Disposition.CANCELLED).callId());
            assertThat(cancelled.get(14)).isEqualTo("NO ANSWER");
            assertThat(cancelled.get(17)).contains("disposition=CANCELLED");
            WebClient.Reply astHeader = fin.get("/api/cdr.csv?" + PERIOD + "&layout=asterisk&excel=true&direction=inbound").expect(200);
            assertThat(astHeader.body()).startsWith("\uFEFFaccountcode,src,dst,dcontext,clid,");
            assertThat(row(csv(astHeader.body().substring(1)), 16, "call-5@test").get(1)).isEqualTo("'" + FORMULA);

            WebClient.Reply filtered = fin.get("/api/cdr.csv?from=" + enc("2025-11-01T00:00:00+01:00")
                    + "&to=2025-11-15T12:30:00Z&trunk=pbx1").expect(200);
            assertThat(filtered.header("Content-Disposition")).isEqualTo("attachment; filename=\"cdr-2025-11-01-to-2025-11-15T1230.csv\"");
            long expectedRows = calls.stream().filter(c -> "pbx1".equals(c.trunk()) && c.startMillis() >= 1_761_951_600_000L
                    && c.startMillis() < Instant.parse("2025-11-15T12:30:00Z").toEpochMilli()).count();
            assertThat(csv(filtered.body())).hasSize((int) expectedRows + 1);

            List<AuditEntry> exports = server.audit(AuditType.CDR_EXPORTED);
            assertThat(exports).hasSize(5);
            assertThat(exports).extracting(AuditEntry::actor).containsOnly("web:fin");
            assertThat(exports).extracting(AuditEntry::source).containsOnly("127.0.0.1");
            JsonNode last = new com.fasterxml.jackson.databind.ObjectMapper().readTree(exports.get(0).details());
            assertThat(last.get("from").asText()).isEqualTo("2025-10-31T23:00:00Z");
            assertThat(last.get("to").asText()).isEqualTo("2025-11-15T12:30:00Z");
            assertThat(last.get("trunk").asText()).isEqualTo("pbx1");
            assertThat(last.get("rows").asLong()).isEqualTo(expectedRows);
            assertThat(last.get("complete").asBoolean()).isTrue();
            assertThat(last.get("layout").asText()).isEqualTo("palisade");
            assertThat(last.has("direction")).isFalse();
            JsonNode firstExport = new com.fasterxml.jackson.databind.ObjectMapper().readTree(exports.get(4).details());
            assertThat(firstExport.get("rows").asLong()).isEqualTo(60);
            assertThat(firstExport.get("excel").asBoolean()).isFalse();
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(exports.get(3).details()).get("excel").asBoolean()).isTrue();
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(exports.get(1).details()).get("direction").asText())
                    .isEqualTo("INBOUND");

            // the auditor and the admin may export too; the audit log tells them apart
            login(server, "audrey", AdminWebTest.AUDITOR_PASSWORD).get("/api/cdr.csv?" + PERIOD).expect(200);
            assertThat(server.audit(AuditType.CDR_EXPORTED).get(0).actor()).isEqualTo("web:audrey");
            assertThat(new WebClient(server.webBase()).get("/api/cdr.csv?" + PERIOD).status()).isEqualTo(401);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aLargeExportStreamsEveryRowOnce(TestDb kind) throws Exception {
        int n = 5_000;
        List<CallRecord> calls = calls(n, OCT_15, 60_000L);
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = serverWithCalls(db, calls)) {
            WebClient fin = finance(server);
            HttpResponse<InputStream> r = fin.stream(fin.request("/api/cdr.csv?" + PERIOD));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Length")).as("streamed, not buffered whole").isEmpty();
            long rows = 0;
            long bytes = 0;
            String previous = null;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String header = in.readLine();
                assertThat(header).startsWith("call_id,");
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    String id = line.substring(0, line.indexOf(','));
                    assertThat(id).as("oldest first, every row once").isEqualTo("call-" + rows + "@test");
                    assertThat(id).isNotEqualTo(previous);
                    previous = id;
                    rows++;
                    bytes += line.length() + 2;
                }
            }
            assertThat(rows).isEqualTo(n);
            assertThat(bytes).isGreaterThan(64 * 1024 * 4);
            JsonNode details = new com.fasterxml.jackson.databind.ObjectMapper().readTree(server.audit(AuditType.CDR_EXPORTED).get(0)
                    .details());
            assertThat(details.get("rows").asLong()).isEqualTo(n);
            assertThat(details.get("complete").asBoolean()).isTrue();
        }
    }

    /** More rows than the loopback socket buffers hold, so that the server is still writing when the client hangs up. */
    @org.junit.jupiter.api.Test
    void anExportTheClientBreaksOffIsAuditedAsIncompleteWithTheRowsWritten() throws Exception {
        int n = 100_000;
        try (TestDatabase db = TestDatabase.create(TestDb.H2); TestServer server = serverWithCalls(db, calls(n, OCT_15, 60_000L))) {
            WebClient fin = finance(server);
            HttpResponse<InputStream> r = fin.stream(fin.request("/api/cdr.csv?" + PERIOD));
            assertThat(r.statusCode()).isEqualTo(200);
            try (InputStream in = r.body()) {
                assertThat(in.readNBytes(64 * 1024)).hasSize(64 * 1024);
            } // closing before the end drops the connection
            List<AuditEntry> exports = List.of();
            for (int i = 0; i < 300 && exports.isEmpty(); i++) { // the server notices at its next write
                Thread.sleep(100);
                exports = server.audit(AuditType.CDR_EXPORTED);
            }
            assertThat(exports).hasSize(1);
            JsonNode details = new com.fasterxml.jackson.databind.ObjectMapper().readTree(exports.get(0).details());
            assertThat(details.get("complete").asBoolean()).isFalse();
            assertThat(details.get("rows").asLong()).isGreaterThan(0).isLessThan(n);
            assertThat(exports.get(0).actor()).isEqualTo("web:fin");
            fin.get("/api/cdr?" + PERIOD + "&limit=1").expect(200); // the server goes on
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void summaryRowsAndTotalsReconcileWithTheDetailRows(TestDb kind) throws Exception {
        List<CallRecord> calls = calls(60, OCT_15, 86_400_000L);
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = serverWithCalls(db, calls)) {
            WebClient fin = finance(server);
            Map<String, Function<JsonNode, String>> keys = new LinkedHashMap<>();
            keys.put("extension", CdrApiTest::billingParty);
            keys.put("department", i -> department(billingParty(i)));
            keys.put("trunk", i -> i.get("trunk").isNull() ? null : i.get("trunk").asText());
            for (String filter : List.of("", "&direction=outbound", "&department=Sales", "&disposition=answered&extension=1001")) {
                List<JsonNode> items = allPages(fin, PERIOD + filter, 1000);
                assertThat(items).isNotEmpty();
                for (Map.Entry<String, Function<JsonNode, String>> by : keys.entrySet()) {
                    JsonNode s = fin.get("/api/cdr/summary?" + PERIOD + filter + "&by=" + by.getKey()).expect(200).json();
                    assertThat(s.get("by").asText()).isEqualTo(by.getKey());
                    // the expected lines, summed from the detail rows of /api/cdr
                    Map<List<String>, long[]> want = new LinkedHashMap<>();
                    long[] total = new long[4];
                    for (JsonNode i : items) {
                        String month = i.get("start").asText().substring(0, 7);
                        long[] line = want.computeIfAbsent(java.util.Arrays.asList(month, by.getValue().apply(i)), k -> new long[4]);
                        long[] add = {1, i.get("disposition").asText().equals("ANSWERED") ? 1 : 0, i.get("billsec").asLong(),
                            i.get("duration").asLong()};
                        for (int k = 0; k < 4; k++) {
                            line[k] += add[k];
                            total[k] += add[k];
                        }
                    }
                    Map<List<String>, long[]> got = new LinkedHashMap<>();
                    for (JsonNode row : s.get("rows")) {
                        assertThat(fieldNames(row)).containsExactly("month", "key", "calls", "answered", "billsec", "duration");
                        got.put(java.util.Arrays.asList(row.get("month").asText(), row.get("key").isNull() ? null : row.get("key").asText()),
                                new long[] {row.get("calls").asLong(), row.get("answered").asLong(), row.get("billsec").asLong(),
                                    row.get("duration").asLong()});
                    }
                    String what = by.getKey() + filter;
                    assertThat(got.keySet()).as(what).containsExactlyInAnyOrderElementsOf(want.keySet());
                    for (Map.Entry<List<String>, long[]> w : want.entrySet()) {
                        assertThat(got.get(w.getKey())).as(what + " " + w.getKey()).containsExactly(w.getValue());
                    }
                    JsonNode t = s.get("total");
                    assertThat(new long[] {t.get("calls").asLong(), t.get("answered").asLong(), t.get("billsec").asLong(),
                        t.get("duration").asLong()}).as(what + " total").containsExactly(total);
                    assertThat(total[0]).isEqualTo(items.size());
                }
            }
            JsonNode months = fin.get("/api/cdr/summary?" + PERIOD + "&by=trunk").expect(200).json();
            assertThat(months.findValuesAsText("month")).containsOnly("2025-10", "2025-11", "2025-12").contains("2025-10", "2025-12");
            assertThat(months.get("total").get("calls").asLong()).isEqualTo(60);
            JsonNode empty = fin.get("/api/cdr/summary?from=2024-01-01&to=2024-02-01&by=department").expect(200).json();
            assertThat(empty.get("rows").size()).isZero();
            assertThat(empty.get("total").get("calls").asLong()).isZero();
            login(server, "audrey", AdminWebTest.AUDITOR_PASSWORD).get("/api/cdr/summary?" + PERIOD + "&by=trunk").expect(200);
        }
    }

    /** Who pays: the caller, or the called extension of an inbound call. */
    private static String billingParty(JsonNode item) {
        return item.get("direction").asText().equals("INBOUND") ? item.get("callee").asText() : item.get("caller").asText();
    }

    private static String callerDepartment(CallRecord c) {
        return c.direction() == Direction.INBOUND ? null : department(c.caller());
    }

    private static String calleeDepartment(CallRecord c) {
        return c.direction() == Direction.OUTBOUND ? null : department(c.callee());
    }

    static List<JsonNode> list(JsonNode page) {
        List<JsonNode> items = new ArrayList<>();
        page.get("items").forEach(items::add);
        return items;
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static List<CSVRecord> csv(String text) throws Exception {
        return CSVFormat.RFC4180.parse(new StringReader(text)).getRecords();
    }

    static void assertField(WebClient.Reply r, String field, String errorContains) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().path("field").asText(null)).as(r.body()).isEqualTo(field);
        assertThat(r.json().path("error").asText()).as(r.body()).contains(errorContains);
        assertThat(Objects.requireNonNull(r.header("Content-Type"))).startsWith("application/json");
    }
}
