package org.palisade.db.cdr;

import org.palisade.core.call.CallStarted;
import org.palisade.core.call.Direction;
import org.palisade.core.call.Disposition;
import org.palisade.core.call.Party;
import org.palisade.core.cdr.CallRecord;

/** Call records and starts with predictable contents, shared by the spool tests and the child process. */
final class TestCalls {

    static final long T0 = 1_764_064_800_000L;

    private TestCalls() {
    }

    static CallRecord answered(String id, int n) {
        long start = T0 + n * 1_000L;
        return new CallRecord(id, "1" + String.format("%03d", n % 1000), "2001", Direction.INTERNAL, null, start, start + 1_000,
                start + 31_000, 31, 30, Disposition.ANSWERED, 200, Party.CALLER, "BYE", null, null, null, null, null, null);
    }

    static CallStarted started(String id, long startMillis) {
        return new CallStarted(id, "3001", "3002", Direction.INTERNAL, startMillis, "192.0.2.1:5060");
    }
}
