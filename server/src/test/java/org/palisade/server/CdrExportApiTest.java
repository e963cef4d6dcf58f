package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.palisade.server.CdrFixtures.FORMULA;
import static org.palisade.server.CdrFixtures.OCT_15;
import static org.palisade.server.CdrFixtures.PERIOD;
import static org.palisade.server.CdrFixtures.calls;
import static org.palisade.server.CdrFixtures.enc;
import static org.palisade.server.CdrFixtures.expected;
import static org.palisade.server.CdrFixtures.finance;
import static org.palisade.server.CdrFixtures.first;
import static org.palisade.server.CdrFixtures.serverWithCalls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditType;
import org.palisade.core.call.Direction;
import org.palisade.core.call.Disposition;
import org.palisade.core.cdr.CallRecord;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.server.testing.TestServer;
import org.palisade.web.testing.WebClient;

/**
 * {@code /api/cdr.csv} over HTTP on the calls of {@link CdrFixtures}: the CSV modes and layouts,
 * streaming, the CDR_EXPORTED entries, and the limit on exports running at once.
 */
class CdrExportApiTest {

    /** More rows than the loopback socket buffers hold: a server writing them waits for a client that stops reading. */
    private static final int BEYOND_BUFFERS = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper();

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
            Collections.reverse(oldestFirst);
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
            assertThat(a30.get(9)).isEqualTo(DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
                    .withZone(ZoneId.of("Europe/Berlin")).format(Instant.ofEpochMilli(answered.startMillis())));
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
            JsonNode last = details(exports.get(0));
            assertThat(last.get("from").asText()).isEqualTo("2025-10-31T23:00:00Z");
            assertThat(last.get("to").asText()).isEqualTo("2025-11-15T12:30:00Z");
            assertThat(last.get("trunk").asText()).isEqualTo("pbx1");
            assertThat(last.get("rows").asLong()).isEqualTo(expectedRows);
            assertThat(last.get("complete").asBoolean()).isTrue();
            assertThat(last.get("layout").asText()).isEqualTo("palisade");
            assertThat(last.has("direction")).isFalse();
            JsonNode firstExport = details(exports.get(4));
            assertThat(firstExport.get("rows").asLong()).isEqualTo(60);
            assertThat(firstExport.get("excel").asBoolean()).isFalse();
            assertThat(details(exports.get(3)).get("excel").asBoolean()).isTrue();
            assertThat(details(exports.get(1)).get("direction").asText()).isEqualTo("INBOUND");

            // the auditor and the admin may export too; the audit log tells them apart
            ApiCalls.login(server, "audrey", AdminWebTest.AUDITOR_PASSWORD).get("/api/cdr.csv?" + PERIOD).expect(200);
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
            JsonNode details = details(server.audit(AuditType.CDR_EXPORTED).get(0));
            assertThat(details.get("rows").asLong()).isEqualTo(n);
            assertThat(details.get("complete").asBoolean()).isTrue();
        }
    }

    /** With {@link #BEYOND_BUFFERS} rows the server is still writing when the client hangs up. */
    @Test
    void anExportTheClientBreaksOffIsAuditedAsIncompleteWithTheRowsWritten() throws Exception {
        int n = BEYOND_BUFFERS;
        try (TestDatabase db = TestDatabase.create(TestDb.H2); TestServer server = serverWithCalls(db, calls(n, OCT_15, 60_000L))) {
            WebClient fin = finance(server);
            startedExport(fin).close(); // closing before the end drops the connection
            List<AuditEntry> exports = awaitExports(server, 1);
            assertThat(exports).hasSize(1);
            JsonNode details = details(exports.get(0));
            assertThat(details.get("complete").asBoolean()).isFalse();
            assertThat(details.get("rows").asLong()).isGreaterThan(0).isLessThan(n);
            assertThat(exports.get(0).actor()).isEqualTo("web:fin");
            fin.get("/api/cdr?" + PERIOD + "&limit=1").expect(200); // the server goes on
        }
    }

    /**
     * Two exports whose clients stopped reading hold both places; a third is told to come back
     * later, and the place of one that broke off is free again.
     */
    @Test
    void aThirdExportAtOnceIsRefusedWithRetryAfterUntilOneEnds() throws Exception {
        int n = BEYOND_BUFFERS;
        try (TestDatabase db = TestDatabase.create(TestDb.H2); TestServer server = serverWithCalls(db, calls(n, OCT_15, 60_000L))) {
            WebClient fin = finance(server);
            try (InputStream stillOpen = startedExport(fin)) {
                try (InputStream brokenOff = startedExport(fin)) {
                    WebClient.Reply third = fin.get("/api/cdr.csv?" + PERIOD);
                    assertThat(third.status()).as("%.300s", third.body()).isEqualTo(429); // cut: a 200 would be the whole file
                    assertThat(third.header("Retry-After")).isEqualTo("10");
                    assertThat(third.header("Content-Type")).startsWith("application/json");
                    assertThat(third.json().path("error").asText()).isNotBlank();
                    assertThat(server.audit(AuditType.CDR_EXPORTED)).as("a refused export is no export").isEmpty();
                }
                List<AuditEntry> exports = awaitExports(server, 1);
                assertThat(exports).hasSize(1);
                assertThat(details(exports.get(0)).get("complete").asBoolean()).isFalse();

                HttpResponse<InputStream> next = fin.stream(fin.request("/api/cdr.csv?" + PERIOD));
                assertThat(next.statusCode()).as("the broken-off export gave its place back").isEqualTo(200);
                try (BufferedReader in = new BufferedReader(new InputStreamReader(next.body(), StandardCharsets.UTF_8))) {
                    assertThat(in.lines().count()).as("the header and every row").isEqualTo(n + 1);
                }
            }
        }
    }

    /** An export of {@link CdrFixtures#PERIOD} of which the client has read 64 KiB and, for now, no more. */
    private static InputStream startedExport(WebClient c) throws Exception {
        HttpResponse<InputStream> r = c.stream(c.request("/api/cdr.csv?" + PERIOD));
        assertThat(r.statusCode()).isEqualTo(200);
        InputStream in = r.body();
        assertThat(in.readNBytes(64 * 1024)).hasSize(64 * 1024);
        return in;
    }

    /**
     * The CDR_EXPORTED entries, newest first, once there are {@code count}, or after 30 s: an export
     * the client broke off is recorded only when the server's next write fails.
     */
    private static List<AuditEntry> awaitExports(TestServer server, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        List<AuditEntry> exports = server.audit(AuditType.CDR_EXPORTED);
        while (exports.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
            exports = server.audit(AuditType.CDR_EXPORTED);
        }
        return exports;
    }

    private static JsonNode details(AuditEntry entry) throws IOException {
        return JSON.readTree(entry.details());
    }

    private static CSVRecord row(List<CSVRecord> rows, int column, String callId) {
        return rows.stream().filter(r -> r.get(column).equals(callId)).findFirst().orElseThrow();
    }

    private static List<CSVRecord> csv(String text) throws IOException {
        return CSVFormat.RFC4180.parse(new StringReader(text)).getRecords();
    }
}
