package org.palisade.core.trunk;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One entry of the outbound dial plan, named (like the trunks it lists) in lower case. Routes are tried by {@code position} (1 first); the first
 * whose pattern matches the number decides. It removes {@code strip} leading characters, puts
 * {@code prepend} in front, and offers the call to {@code trunks} in the order given.
 *
 * <p>Patterns are written for the number as the dial plan sees it: public numbers in E.164
 * ({@code +49}, {@code +4930}, or {@code +} for all of them), short and service numbers as dialled
 * ({@code 112}, {@code *}). A regular expression must match the whole number.
 */
public record Route(String name, int position, Kind kind, String pattern, int strip, String prepend, List<String> trunks) {

    public static final int MAX_TRUNKS = 8;
    public static final int MAX_STRIP = 32;
    private static final Pattern DIGITS = Pattern.compile("\\+?[0-9*#]{0,32}");

    public enum Kind {
        PREFIX,
        REGEX;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Route {
        name = Names.canonical("name", name);
        if (position < 1) {
            throw new IllegalArgumentException("position: at least 1, got " + position);
        }
        if (kind == null) {
            throw new IllegalArgumentException("pattern: give a prefix or a regex");
        }
        requireValidPattern(kind, pattern);
        if (strip < 0 || strip > MAX_STRIP) {
            throw new IllegalArgumentException("strip: 0 to " + MAX_STRIP + ", got " + strip);
        }
        prepend = prepend == null ? "" : prepend;
        if (!DIGITS.matcher(prepend).matches()) {
            throw new IllegalArgumentException("prepend: up to 32 digits, '*' or '#', with an optional leading '+', got '" + prepend + "'");
        }
        if (trunks == null || trunks.isEmpty() || trunks.size() > MAX_TRUNKS) {
            throw new IllegalArgumentException("trunk: 1 to " + MAX_TRUNKS + " trunks, tried in the order given");
        }
        trunks = trunks.stream().map(t -> Names.canonical("trunk", t)).toList();
        if (new HashSet<>(trunks).size() != trunks.size()) {
            throw new IllegalArgumentException("trunk: each trunk at most once, got " + trunks);
        }
    }

    private static void requireValidPattern(Kind kind, String pattern) {
        if (kind == Kind.PREFIX) {
            if (pattern == null || pattern.isEmpty() || !DIGITS.matcher(pattern).matches()) {
                throw new IllegalArgumentException("prefix: 1 to 32 digits, '*' or '#', with an optional leading '+' (E.164 for public numbers,"
                        + " e.g. +49), got '" + pattern + "'");
            }
            return;
        }
        if (pattern == null || pattern.isEmpty() || pattern.length() > 255) {
            throw new IllegalArgumentException("regex: 1 to 255 characters");
        }
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("regex: not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex());
        }
    }

    /** @return the name as stored: checked, in lower case */
    public static String canonicalName(String name) {
        return Names.canonical("name", name);
    }

    public Route withPosition(int newPosition) {
        return new Route(name, newPosition, kind, pattern, strip, prepend, trunks);
    }
}
