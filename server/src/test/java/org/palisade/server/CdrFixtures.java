package org.palisade.server;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.palisade.core.call.Direction;
import org.palisade.core.call.Disposition;
import org.palisade.core.call.Party;
import org.palisade.core.cdr.CallRecord;
import org.palisade.db.testing.TestDatabase;
import org.palisade.server.testing.TestServer;
import org.palisade.web.testing.WebClient;

/** The known calls, and a server holding them, that the {@code /api/cdr*} tests query and export. */
final class CdrFixtures {

    static final long OCT_15 = 1_760_486_400_000L; // 2025-10-15T00:00:00Z
    static final String PERIOD = "from=2025-10-01&to=2026-01-01";
    static final String FORMULA = "=HYPERLINK(\"x\")";
    private static final Map<String, String> DEPARTMENTS = new HashMap<>();
    private static final List<String> EXTENSIONS = List.of("1001", "1002", "1003", "1004");

    static {
        DEPARTMENTS.put("1001", "Sales");
        DEPARTMENTS.put("1002", "Sales");
        DEPARTMENTS.put("1003", "Support");
        DEPARTMENTS.put("1004", null);
    }

    private CdrFixtures() {
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

    static WebClient finance(TestServer server) {
        return ApiCalls.login(server, "fin", AdminWebTest.FINANCE_PASSWORD);
    }

    /** The call ids matching {@code filter}, newest first; of two that started together, the one stored later first. */
    static List<String> expected(List<CallRecord> calls, Predicate<CallRecord> filter) {
        return IntStream.range(0, calls.size()).filter(i -> filter.test(calls.get(i))).boxed()
                .sorted(Comparator.comparingLong((Integer i) -> calls.get(i).startMillis()).thenComparingInt(i -> i).reversed())
                .map(i -> calls.get(i).callId()).toList();
    }

    static CallRecord first(List<CallRecord> calls, Predicate<CallRecord> p) {
        return calls.stream().filter(p).findFirst().orElseThrow();
    }

    /** The department of an extension of these calls; null for other numbers and for 1004, which has none. */
    static String department(String number) {
        return number == null ? null : DEPARTMENTS.get(number);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
