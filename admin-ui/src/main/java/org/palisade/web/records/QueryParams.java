package org.palisade.web.records;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.palisade.web.api.ApiRequest;

/**
 * The query parameters of one records request, read strictly: a parameter the endpoint does not
 * know, or one given twice, is a 400 naming it (as unknown JSON fields are), so that a typo such
 * as {@code extention=1001} cannot turn a filtered export into a full one. An empty value
 * ({@code ?trunk=}, what an empty form field sends) means the filter is not set.
 *
 * <p>Errors are {@code IllegalArgumentException("field: reason")}: 400 with the field named.
 */
final class QueryParams {

    /** Caller and callee may be extensions or external numbers (+49..., *99), as in the CLI. */
    private static final Pattern NUMBER = Pattern.compile("[0-9A-Za-z+*#._-]{1,64}");
    static final String TIME_FORMS = "an ISO 8601 time with an offset (2026-11-25T08:00:00Z, 2026-11-25T09:00:00+01:00)"
            + " or a date (2026-11-25, midnight UTC)";

    private final Map<String, List<String>> query;

    private QueryParams(Map<String, List<String>> query) {
        this.query = query;
    }

    /** The request's parameters, refused when one is not among {@code known}. */
    static QueryParams of(ApiRequest request, Set<String> known) {
        return of(request, known, Set.of());
    }

    /** As {@link #of(ApiRequest, Set)}, but those in {@code lists} may be given more than once: read them with {@link #list}. */
    static QueryParams of(ApiRequest request, Set<String> known, Set<String> lists) {
        Map<String, List<String>> query = request.queryParams();
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            if (!known.contains(e.getKey())) {
                throw new IllegalArgumentException(fieldName(e.getKey()) + ": unknown parameter; known: " + String.join(", ",
                        new TreeSet<>(known)));
            }
            if (e.getValue().size() > 1 && !lists.contains(e.getKey())) {
                throw new IllegalArgumentException(e.getKey() + ": given " + e.getValue().size() + " times; give it once");
            }
        }
        return new QueryParams(query);
    }

    /** The value, trimmed; null when absent or empty. */
    String text(String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        String v = values.get(0).trim();
        return v.isEmpty() ? null : v;
    }

    /** Every value, given repeated ({@code ?type=A&type=B}), comma-separated ({@code ?type=A,B}) or both; empty when absent. */
    List<String> list(String name) {
        return query.getOrDefault(name, List.of()).stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .toList();
    }

    /** At most {@code max} characters; null when absent. */
    String text(String name, int max) {
        String v = text(name);
        if (v != null && v.length() > max) {
            throw new IllegalArgumentException(name + ": at most " + max + " characters, got " + v.length());
        }
        return v;
    }

    /** An extension or an outside number; null when absent. */
    String number(String name) {
        String v = text(name);
        if (v != null && !NUMBER.matcher(v).matches()) {
            throw new IllegalArgumentException(name + ": 1 to 64 digits, letters or + * # . _ -, got '" + v + "'");
        }
        return v;
    }

    /**
     * A time as the client wrote it, with its offset: ISO 8601 with an offset, or a date (midnight
     * UTC). Null when absent and not required.
     */
    OffsetDateTime time(String name, boolean required) {
        String v = text(name);
        if (v == null) {
            if (required) {
                throw new IllegalArgumentException(name + ": required: " + TIME_FORMS);
            }
            return null;
        }
        return parseTime(name, v);
    }

    /** {@link #time} as an instant. */
    Instant instant(String name, boolean required) {
        OffsetDateTime t = time(name, required);
        return t == null ? null : t.toInstant();
    }

    /** A whole number from 1 to {@code max}; {@code dflt} when absent. */
    int limit(String name, int dflt, int max) {
        String v = text(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException(name + ": a whole number from 1 to " + max + ", got '" + v + "'");
    }

    /** {@code true} or {@code false}; false when absent. */
    boolean flag(String name) {
        String v = text(name);
        if (v == null || v.equalsIgnoreCase("false")) {
            return false;
        }
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        throw new IllegalArgumentException(name + ": true or false, got '" + v + "'");
    }

    /** {@code flag} with a default of true. */
    boolean flagDefaultTrue(String name) {
        return text(name) == null || flag(name);
    }

    static OffsetDateTime parseTime(String field, String text) {
        String t = text.trim();
        // "+01:00" sent without percent-encoding arrives as " 01:00": '+' is a space in a query string
        int n = t.length();
        if (n > 16 && t.charAt(n - 6) == ' ' && t.charAt(n - 3) == ':') {
            t = t.substring(0, n - 6) + '+' + t.substring(n - 5);
        }
        try {
            return OffsetDateTime.parse(t);
        } catch (DateTimeParseException notWithOffset) {
            try {
                return LocalDate.parse(t).atStartOfDay().atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException notADate) {
                throw new IllegalArgumentException(field + ": expected " + TIME_FORMS + ", got '" + text + "'");
            }
        }
    }

    /** A parameter name as the error's field: only when it looks like one, so odd input cannot forge the message. */
    private static String fieldName(String name) {
        return name.matches("[A-Za-z][A-Za-z0-9_]{0,40}") ? name : "query";
    }
}
