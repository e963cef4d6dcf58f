package org.palisade.core.cdr;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A position in the newest-first order of the records: the start time and the store's row
 * sequence of the last record of a page, which breaks ties between calls that started in the
 * same millisecond. A page that continues after it is stable while new calls are written (they
 * sort before it) and costs the same on page 1,000 as on page 1, unlike an offset.
 *
 * <p>Clients get it as an opaque {@link #token()} and send it back unchanged.
 */
public record CdrCursor(long startMillis, long sequence) {

    private static final Pattern TOKEN = Pattern.compile("(\\d{1,18})-(\\d{1,18})");

    public CdrCursor {
        if (startMillis < 0 || sequence < 0) {
            throw new IllegalArgumentException("after: not a position of a previous page (" + startMillis + ", " + sequence + ")");
        }
    }

    public String token() {
        return startMillis + "-" + sequence;
    }

    /** Reads what {@link #token()} wrote; anything else is a bad {@code after} parameter. */
    public static CdrCursor parse(String token) {
        Matcher m = token == null ? null : TOKEN.matcher(token.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("after: not a cursor from a previous page, got '" + token + "'");
        }
        return new CdrCursor(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
    }

    @Override
    public String toString() {
        return token();
    }
}
