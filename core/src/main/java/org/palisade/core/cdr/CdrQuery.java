package org.palisade.core.cdr;

import java.time.Instant;

/**
 * Which records to read: those that started in [from, to) (half-open, so consecutive periods
 * neither overlap nor leave a gap), optionally only where {@code extension} was caller or callee.
 * Null bounds do not filter; limit 0 means no limit (for exports).
 */
public record CdrQuery(Instant from, Instant to, String extension, int limit) {

    public CdrQuery {
        if (limit < 0) {
            throw new IllegalArgumentException("limit: must not be negative, got " + limit);
        }
        if (from != null && to != null && !to.isAfter(from)) {
            throw new IllegalArgumentException("to: must be after from (" + from + " .. " + to + ")");
        }
    }
}
