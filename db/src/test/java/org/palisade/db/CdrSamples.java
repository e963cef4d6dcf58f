package org.palisade.db;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.palisade.core.call.Direction;
import org.palisade.core.call.Disposition;
import org.palisade.core.call.Party;
import org.palisade.core.cdr.CallRecord;
import org.palisade.core.extension.Extension;
import org.palisade.db.testing.TestDatabase;

/**
 * A varied, repeatable set of calls for the filter, page and summary tests: three months around
 * 2025-11 (with calls on both sides of the month boundaries in UTC), every direction and
 * disposition, two trunks, extensions in two departments and one in none, and an inbound caller
 * whose number is also an extension's.
 */
final class CdrSamples {

    static final long OCT_1 = 1_759_276_800_000L; // 2025-10-01T00:00:00Z
    static final long NOV_1 = 1_761_955_200_000L; // 2025-11-01T00:00:00Z
    static final long DEC_1 = 1_764_547_200_000L; // 2025-12-01T00:00:00Z
    static final long JAN_1 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    /** Departments at the time the records are inserted; 1004 has none. */
    static final Map<String, String> DEPARTMENTS = new LinkedHashMap<>();

    static {
        DEPARTMENTS.put("1001", "Sales");
        DEPARTMENTS.put("1002", "Sales");
        DEPARTMENTS.put("1003", "Support");
        DEPARTMENTS.put("1004", null);
    }

    private static final List<String> EXTENSIONS = List.copyOf(DEPARTMENTS.keySet());
    private static final List<String> OUTSIDE = List.of("+4930123456", "+15551234567", "004940999", "1003");

    private CdrSamples() {
    }

    static void addExtensions(TestDatabase db) {
        db.database().inTransaction(tx -> {
            DEPARTMENTS.forEach((number, dept) -> tx.extensions()
                    .insert(new Extension(number, "Person " + number, dept, "default", "0".repeat(32), "0".repeat(64), true)));
            return null;
        });
    }

    /** {@code count} random calls in October to December 2025 plus the edge cases, shuffled. */
    static List<CallRecord> calls(int count) {
        Random random = new Random(20251125);
        List<CallRecord> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long start = OCT_1 + (long) (random.nextDouble() * (JAN_1 - OCT_1 - 3_600_000));
            Direction direction = Direction.values()[random.nextInt(3)];
            Disposition disposition = Disposition.values()[random.nextInt(Disposition.values().length)];
            String ext = EXTENSIONS.get(random.nextInt(EXTENSIONS.size()));
            String other = switch (direction) {
                case INTERNAL -> EXTENSIONS.get(random.nextInt(EXTENSIONS.size()));
                default -> OUTSIDE.get(random.nextInt(OUTSIDE.size()));
            };
            String trunk = direction == Direction.INTERNAL ? null : random.nextBoolean() ? "pbx1" : "pbx2";
            boolean inbound = direction == Direction.INBOUND;
            calls.add(call("r" + i, inbound ? other : ext, inbound ? ext : other, direction, trunk, start,
                    random.nextInt(600_000), disposition));
        }
        // on both sides of each month boundary, and two calls in the same millisecond
        calls.add(call("edge-nov-last", "1001", "1002", Direction.INTERNAL, null, DEC_1 - 1, 0, Disposition.FAILED));
        calls.add(call("edge-dec-first", "1001", "1002", Direction.INTERNAL, null, DEC_1, 61_499, Disposition.ANSWERED));
        calls.add(call("edge-oct-first", "1003", "+4930123456", Direction.OUTBOUND, "pbx1", OCT_1, 500, Disposition.ANSWERED));
        calls.add(call("tie-a", "1002", "1003", Direction.INTERNAL, null, NOV_1 + 5_000, 1_000, Disposition.BUSY));
        calls.add(call("tie-b", "1003", "1002", Direction.INTERNAL, null, NOV_1 + 5_000, 90_000, Disposition.ANSWERED));
        java.util.Collections.shuffle(calls, random);
        return calls;
    }

    /** Answered calls ring 2.5 s; the others never reach an answer. */
    static CallRecord call(String id, String caller, String callee, Direction direction, String trunk, long start,
                           long lengthMillis, Disposition disposition) {
        long end = start + lengthMillis;
        boolean answered = disposition == Disposition.ANSWERED;
        Long answer = answered ? Math.min(start + 2_500, end) : null;
        return new CallRecord(id, caller, callee, direction, trunk, start, answer, end, CallRecord.seconds(start, end),
                answered ? CallRecord.seconds(answer, end) : 0, disposition, answered ? 200 : 486, Party.CALLER, "BYE",
                "audio", "audio", null, null, null, null);
    }

    static void insert(TestDatabase db, List<CallRecord> records) {
        for (int i = 0; i < records.size(); i += 500) {
            List<CallRecord> chunk = records.subList(i, Math.min(records.size(), i + 500));
            db.database().inTransaction(tx -> tx.cdrs().insertIgnoringDuplicates(chunk));
        }
    }

    /** The party a call is billed to, as CdrSummary.By documents it. */
    static String billingExtension(CallRecord r) {
        return r.direction() == Direction.INBOUND ? r.callee() : r.caller();
    }

    /** The department stored for a side of the call: only the extension side has one. */
    static String callerDepartment(CallRecord r) {
        return r.direction() == Direction.INBOUND ? null : DEPARTMENTS.get(r.caller());
    }

    static String calleeDepartment(CallRecord r) {
        return r.direction() == Direction.OUTBOUND ? null : DEPARTMENTS.get(r.callee());
    }
}
