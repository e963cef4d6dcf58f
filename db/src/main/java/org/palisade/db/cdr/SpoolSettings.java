package org.palisade.db.cdr;

import java.nio.file.Path;

/**
 * How the CDR spool behaves.
 *
 * @param dir              holds the journal; one writer per directory (it is locked)
 * @param batchSize        records per database transaction, and the queue length that wakes the writer early
 * @param flushMillis      the longest an event waits in memory before it is synced to the journal
 * @param maxRetryMillis   the longest pause between attempts while the database is down (backoff from 100 ms)
 * @param closeWaitMillis  how long {@code close()} keeps trying the database; what is left stays in the journal
 */
public record SpoolSettings(Path dir, int batchSize, long flushMillis, long maxRetryMillis, long closeWaitMillis) {

    public SpoolSettings {
        if (dir == null) {
            throw new IllegalArgumentException("cdr.spool-dir: required");
        }
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("cdr.batch-size: between 1 and 10000, got " + batchSize);
        }
        if (flushMillis < 1 || flushMillis > 60_000) {
            throw new IllegalArgumentException("cdr.flush-millis: between 1 and 60000, got " + flushMillis);
        }
        if (maxRetryMillis < 1 || closeWaitMillis < 0) {
            throw new IllegalArgumentException("cdr spool: retry and close waits must be positive");
        }
    }

    public static SpoolSettings defaults(Path dir) {
        return new SpoolSettings(dir, 200, 200, 5_000, 5_000);
    }
}
