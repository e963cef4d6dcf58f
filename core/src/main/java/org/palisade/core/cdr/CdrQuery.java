package org.palisade.core.cdr;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.palisade.core.call.Direction;
import org.palisade.core.call.Disposition;

/**
 * Which records to read: those that started in [from, to) (half-open, so consecutive periods
 * neither overlap nor leave a gap) and match every filter that is not null. The same query
 * drives a page of the list, the export and the summary, so the three always agree on which
 * calls they cover.
 *
 * <p>Build one with {@link #builder()}; an invalid value throws {@link IllegalArgumentException}
 * whose message starts with the field's name ("direction: ..."), which the CLI and the HTTP API
 * pass on as the name of the bad parameter.
 *
 * @param from        inclusive; null: no lower bound (the CLI allows it, the API does not)
 * @param to          exclusive; null: no upper bound
 * @param extension   only calls where this number was caller or callee
 * @param direction   only calls in this direction
 * @param disposition only calls that ended this way
 * @param trunk       only calls through this trunk (by name)
 * @param department  only calls where the caller's or the callee's extension belonged to this
 *                    department when the record was stored (the CDR keeps a copy, so moving or
 *                    removing an extension later does not change past months)
 * @param after       list only: continue after this position of a previous page; null: first page
 * @param limit       list only: records per page; 0 means the store's default. Exports and
 *                    summaries ignore it and {@code after}: they always cover everything that matches
 */
public record CdrQuery(Instant from, Instant to, String extension, Direction direction, Disposition disposition,
                       String trunk, String department, CdrCursor after, int limit) {

    /** More than this per page is an export, not a page. */
    public static final int MAX_LIMIT = 100_000;
    /** The widths of the cdr columns: a longer value cannot match anything, so it is a mistake. */
    static final int NUMBER_WIDTH = 64;
    static final int TRUNK_WIDTH = 64;
    static final int DEPARTMENT_WIDTH = 128;

    public CdrQuery {
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit: between 0 and " + MAX_LIMIT + ", got " + limit);
        }
        if (from != null && to != null && !to.isAfter(from)) {
            throw new IllegalArgumentException("to: must be after from (" + from + " .. " + to + ")");
        }
        requireText("extension", extension, NUMBER_WIDTH);
        requireText("trunk", trunk, TRUNK_WIDTH);
        requireText("department", department, DEPARTMENT_WIDTH);
    }

    /** The query of the original CLI: a range, one extension, a limit. */
    public CdrQuery(Instant from, Instant to, String extension, int limit) {
        this(from, to, extension, null, null, null, null, null, limit);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every call that started in [from, to). */
    public static CdrQuery between(Instant from, Instant to) {
        return builder().from(from).to(to).build();
    }

    /** The same filters, continuing after {@code cursor}: how the next page is asked for. */
    public CdrQuery after(CdrCursor cursor) {
        return new CdrQuery(from, to, extension, direction, disposition, trunk, department, cursor, limit);
    }

    public CdrQuery withLimit(int newLimit) {
        return new CdrQuery(from, to, extension, direction, disposition, trunk, department, after, newLimit);
    }

    /** "outbound" or "OUTBOUND"; null stays null (no filter). */
    public static Direction parseDirection(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Direction.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("direction: one of " + names(Direction.values()) + ", got '" + text + "'");
        }
    }

    /**
     * The CDR's own label ("NO ANSWER") or the constant's name ("NO_ANSWER", "no-answer"), since a
     * label with a space is awkward in a URL or a shell; null stays null (no filter).
     */
    public static Disposition parseDisposition(String text) {
        if (text == null) {
            return null;
        }
        String wanted = text.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (Disposition d : Disposition.values()) {
            if (d.name().equals(wanted)) {
                return d;
            }
        }
        throw new IllegalArgumentException("disposition: one of " + Arrays.stream(Disposition.values()).map(Disposition::label)
                .collect(Collectors.joining(", ")) + ", got '" + text + "'");
    }

    private static void requireText(String field, String value, int width) {
        if (value == null) {
            return;
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + ": must not be blank");
        }
        if (value.length() > width) {
            throw new IllegalArgumentException(field + ": at most " + width + " characters, got " + value.length());
        }
    }

    private static String names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.joining(", "));
    }

    /** Unset fields stay null (no filter); {@link #build} validates. */
    public static final class Builder {
        private Instant from;
        private Instant to;
        private String extension;
        private Direction direction;
        private Disposition disposition;
        private String trunk;
        private String department;
        private CdrCursor after;
        private int limit;

        private Builder() {
        }

        public Builder from(Instant value) {
            from = value;
            return this;
        }

        public Builder to(Instant value) {
            to = value;
            return this;
        }

        public Builder extension(String value) {
            extension = value;
            return this;
        }

        public Builder direction(Direction value) {
            direction = value;
            return this;
        }

        /** Parses as {@link CdrQuery#parseDirection}. */
        public Builder direction(String text) {
            return direction(parseDirection(text));
        }

        public Builder disposition(Disposition value) {
            disposition = value;
            return this;
        }

        /** Parses as {@link CdrQuery#parseDisposition}. */
        public Builder disposition(String text) {
            return disposition(parseDisposition(text));
        }

        public Builder trunk(String value) {
            trunk = value;
            return this;
        }

        public Builder department(String value) {
            department = value;
            return this;
        }

        public Builder after(CdrCursor value) {
            after = value;
            return this;
        }

        /** Parses as {@link CdrCursor#parse}. */
        public Builder after(String token) {
            return after(token == null ? null : CdrCursor.parse(token));
        }

        public Builder limit(int value) {
            limit = value;
            return this;
        }

        public CdrQuery build() {
            return new CdrQuery(from, to, extension, direction, disposition, trunk, department, after, limit);
        }
    }
}
