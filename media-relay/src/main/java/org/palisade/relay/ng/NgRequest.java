package org.palisade.relay.ng;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.palisade.relay.engine.RelayException;

/**
 * Typed reading of an ng request dictionary, lenient where rtpengine is: a number where a string
 * is expected is taken as its digits (Perl's bencoder sends "123" as an integer), a string where
 * a list is expected is a one-item list, and a flag may use hyphens for spaces.
 */
final class NgRequest {

    private final Map<String, Object> body;

    NgRequest(Map<String, Object> body) {
        this.body = body;
    }

    /** @return the value, or null when absent or empty */
    String string(String key) {
        Object v = body.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return s.isEmpty() ? null : s;
        }
        if (v instanceof Long n) {
            return Long.toString(n);
        }
        throw new RelayException(key + ": must be a string");
    }

    /** The first of several spellings rtpengine accepts ("address family", "address-family"). */
    String string(String key, String alias) {
        String v = string(key);
        return v != null ? v : string(alias);
    }

    /** @throws RelayException with {@code missing} (rtpengine's wording) when the key is absent */
    String require(String key, String missing) {
        String v = string(key);
        if (v == null) {
            throw new RelayException(missing);
        }
        return v;
    }

    List<String> list(String key) {
        Object v = body.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof String || v instanceof Long) {
            return List.of(String.valueOf(v));
        }
        if (!(v instanceof List<?> items)) {
            throw new RelayException(key + ": must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (Object o : items) {
            if (!(o instanceof String) && !(o instanceof Long)) {
                throw new RelayException(key + ": must be a list of strings");
            }
            out.add(String.valueOf(o));
        }
        return out;
    }

    List<String> list(String key, String alias) {
        List<String> v = list(key);
        return v.isEmpty() ? list(alias) : v;
    }

    long integer(String key, long fallback) {
        Object v = body.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Long n) {
            return n;
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw new RelayException(key + ": '" + s + "' is not a number");
            }
        }
        throw new RelayException(key + ": must be a number");
    }

    /** The "flags" list, hyphens read as spaces, as rtpengine reads them. */
    Set<String> flags() {
        Set<String> out = new LinkedHashSet<>();
        for (String f : list("flags")) {
            out.add(normalize(f));
        }
        return out;
    }

    /** Raw "flags" entries, for the prefixed ones ("replace-origin", "rtcp-mux-demux"). */
    List<String> rawFlags() {
        return list("flags");
    }

    static String normalize(String flag) {
        return flag.trim().replace('-', ' ').replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
    }
}
