package org.palisade.web.records;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.palisade.core.cdr.CdrQuery;

/**
 * The filters {@code /api/cdr}, {@code /api/cdr.csv} and {@code /api/cdr/summary} share, read into
 * one {@link CdrQuery}, so that the list, the export and the summary always cover the same calls.
 * {@code from} and {@code to} are required: the period [from, to) by start time.
 */
final class CdrParams {

    static final Set<String> FILTERS = Set.of("from", "to", "extension", "direction", "disposition", "trunk", "department");

    private CdrParams() {
    }

    /** The filters plus {@code more}: every parameter an endpoint knows. */
    static Set<String> filtersAnd(String... more) {
        return Stream.concat(FILTERS.stream(), Stream.of(more)).collect(Collectors.toUnmodifiableSet());
    }

    /** The period and the filters; the builder's {@code build()} checks them together (to after from). */
    static CdrQuery.Builder filters(QueryParams p) {
        Instant from = p.instant("from", true);
        Instant to = p.instant("to", true);
        return CdrQuery.builder().from(from).to(to)
                .extension(p.number("extension"))
                .direction(p.text("direction"))
                .disposition(p.text("disposition"))
                .trunk(p.text("trunk"))
                .department(p.text("department"));
    }

    /** The filters that are set, for an audit entry: enough to repeat the query. */
    static Map<String, Object> describe(CdrQuery q) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", q.from().toString());
        m.put("to", q.to().toString());
        putIfSet(m, "extension", q.extension());
        putIfSet(m, "direction", q.direction() == null ? null : q.direction().name());
        putIfSet(m, "disposition", q.disposition() == null ? null : q.disposition().label());
        putIfSet(m, "trunk", q.trunk());
        putIfSet(m, "department", q.department());
        return m;
    }

    private static void putIfSet(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
