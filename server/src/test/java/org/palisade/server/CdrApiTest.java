package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.palisade.server.CdrFixtures.OCT_15;
import static org.palisade.server.CdrFixtures.PERIOD;
import static org.palisade.server.CdrFixtures.calls;
import static org.palisade.server.CdrFixtures.department;
import static org.palisade.server.CdrFixtures.enc;
import static org.palisade.server.CdrFixtures.expected;
import static org.palisade.server.CdrFixtures.finance;
import static org.palisade.server.CdrFixtures.first;
import static org.palisade.server.CdrFixtures.serverWithCalls;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.audit.AuditType;
import org.palisade.core.call.Direction;
import org.palisade.core.call.Disposition;
import org.palisade.core.cdr.CallRecord;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.server.testing.TestServer;
import org.palisade.web.testing.WebClient;

/**
 * {@code /api/cdr} and {@code /api/cdr/summary} over HTTP on a known set of calls: every filter,
 * the pages, the summary against the detail rows, the errors naming their field (of
 * {@code /api/cdr.csv} too) and the roles. The CSV export itself: {@link CdrExportApiTest}.
 */
class CdrApiTest {

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

    static JsonNode item(List<JsonNode> items, String callId) {
        return items.stream().filter(i -> i.get("callId").asText().equals(callId)).findFirst().orElseThrow();
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
            ApiCalls.login(server, "audrey", AdminWebTest.AUDITOR_PASSWORD).get("/api/cdr?" + PERIOD + "&limit=1").expect(200);
            ApiCalls.login(server, "root", AdminWebTest.ROOT_PASSWORD).get("/api/cdr?" + PERIOD + "&limit=1").expect(200);
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
            ApiCalls.login(server, "audrey", AdminWebTest.AUDITOR_PASSWORD).get("/api/cdr/summary?" + PERIOD + "&by=trunk").expect(200);
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

    static void assertField(WebClient.Reply r, String field, String errorContains) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().path("field").asText(null)).as(r.body()).isEqualTo(field);
        assertThat(r.json().path("error").asText()).as(r.body()).contains(errorContains);
        assertThat(Objects.requireNonNull(r.header("Content-Type"))).startsWith("application/json");
    }
}
