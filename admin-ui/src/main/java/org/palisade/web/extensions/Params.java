package org.palisade.web.extensions;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.palisade.web.api.ApiRequest;

/**
 * Query parameters read strictly, as the records endpoints do: an unknown one, or one given twice,
 * is a 400 naming it, so a typo cannot turn a filtered list into the whole list. An empty value
 * (an empty form field) means "not set".
 */
final class Params {

    private final Map<String, List<String>> query;

    private Params(Map<String, List<String>> query) {
        this.query = query;
    }

    static Params of(ApiRequest request, Set<String> known) {
        for (Map.Entry<String, List<String>> e : request.queryParams().entrySet()) {
            if (!known.contains(e.getKey())) {
                throw new IllegalArgumentException(e.getKey() + ": unknown parameter; known: " + String.join(", ", new TreeSet<>(known)));
            }
            if (e.getValue().size() > 1) {
                throw new IllegalArgumentException(e.getKey() + ": given " + e.getValue().size() + " times; give it once");
            }
        }
        return new Params(request.queryParams());
    }

    /** Trimmed; null when absent or empty. */
    String text(String name) {
        List<String> values = query.get(name);
        String v = values == null || values.isEmpty() ? null : values.get(0).trim();
        return v == null || v.isEmpty() ? null : v;
    }

    /** {@code true} or {@code false}; null when absent or empty. */
    Boolean bool(String name) {
        String v = text(name);
        if (v == null) {
            return null;
        }
        return switch (v) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException(name + ": true or false, got '" + v + "'");
        };
    }
}
