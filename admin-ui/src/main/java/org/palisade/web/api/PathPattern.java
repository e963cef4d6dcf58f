package org.palisade.web.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A path such as {@code /api/extensions/{number}}: literal segments, and {@code {name}} segments
 * that match any one non-empty segment and hand it to the handler.
 */
final class PathPattern {

    private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private final String text;
    private final List<String> segments;
    /** Per segment: the parameter's name, or null for a literal. */
    private final List<String> params;

    private PathPattern(String text, List<String> segments, List<String> params) {
        this.text = text;
        this.segments = segments;
        this.params = params;
    }

    static PathPattern parse(String text) {
        if (text == null || !text.startsWith("/") || text.length() > 1 && text.endsWith("/")) {
            throw new IllegalArgumentException("path pattern '" + text + "' must start with / and not end with one");
        }
        List<String> segments = split(text);
        List<String> params = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String s : segments) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("path pattern '" + text + "' has an empty segment");
            }
            if (s.startsWith("{") && s.endsWith("}")) {
                String name = s.substring(1, s.length() - 1);
                if (!PARAM_NAME.matcher(name).matches() || !seen.add(name)) {
                    throw new IllegalArgumentException("path pattern '" + text + "': bad or repeated parameter {" + name + "}");
                }
                params.add(name);
            } else if (s.contains("{") || s.contains("}")) {
                throw new IllegalArgumentException("path pattern '" + text + "': a parameter must be a whole segment");
            } else {
                params.add(null);
            }
        }
        return new PathPattern(text, List.copyOf(segments), java.util.Collections.unmodifiableList(params));
    }

    /**
     * The parameters' values, decoded, when {@code path} matches, else null. The path comes as
     * sent, percent-encoded: it is split first and each segment decoded after, so that an
     * encoded {@code /} inside a value can never make an extra segment.
     */
    Map<String, String> match(String path) {
        List<String> parts = split(path);
        if (parts.size() != segments.size()) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            String part = decode(parts.get(i));
            if (part == null) {
                return null;
            }
            if (params.get(i) == null) {
                if (!segments.get(i).equals(part)) {
                    return null;
                }
            } else if (part.isEmpty()) {
                return null;
            } else {
                values.put(params.get(i), part);
            }
        }
        return values;
    }

    /**
     * Negative when this pattern is the more specific for paths both match: at the first
     * segment where they differ, a literal beats a parameter ({@code /api/cdr/summary} before
     * {@code /api/cdr/{id}}).
     */
    int compareSpecificity(PathPattern other) {
        for (int i = 0; i < Math.min(params.size(), other.params.size()); i++) {
            boolean mine = params.get(i) == null;
            boolean theirs = other.params.get(i) == null;
            if (mine != theirs) {
                return mine ? -1 : 1;
            }
        }
        return 0;
    }

    /** Same shape: the same literals, and parameters in the same places (names aside). */
    boolean sameShape(PathPattern other) {
        if (segments.size() != other.segments.size()) {
            return false;
        }
        for (int i = 0; i < segments.size(); i++) {
            boolean literal = params.get(i) == null;
            if (literal != (other.params.get(i) == null) || literal && !segments.get(i).equals(other.segments.get(i))) {
                return false;
            }
        }
        return true;
    }

    boolean hasParam(String name) {
        return params.contains(name);
    }

    @Override
    public String toString() {
        return text;
    }

    /** Percent-decoding as UTF-8; a '+' stays a '+' (that rule is for forms, not paths). Null when malformed. */
    static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        try {
            return java.net.URLDecoder.decode(segment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static List<String> split(String path) {
        if (path.equals("/")) {
            return List.of();
        }
        return List.of(path.substring(1).split("/", -1));
    }
}
