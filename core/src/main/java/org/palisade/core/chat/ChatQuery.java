package org.palisade.core.chat;

import java.time.Instant;

/**
 * Which archived messages to read, newest first: those sent or received by {@code extension},
 * and/or whose text body contains {@code text} (case-insensitive), sent at or after
 * {@code since} and before {@code until}. Null fields do not filter.
 */
public record ChatQuery(String extension, String text, Instant since, Instant until, int limit) {

    public ChatQuery {
        if (limit < 1) {
            throw new IllegalArgumentException("limit: must be at least 1, got " + limit);
        }
        if (text != null && text.isEmpty()) {
            throw new IllegalArgumentException("text: must not be empty");
        }
        if (since != null && until != null && !until.isAfter(since)) {
            throw new IllegalArgumentException("to: must be after from (" + since + " .. " + until + ")");
        }
    }

    /** No upper bound in time. */
    public ChatQuery(String extension, String text, Instant since, int limit) {
        this(extension, text, since, null, limit);
    }
}
