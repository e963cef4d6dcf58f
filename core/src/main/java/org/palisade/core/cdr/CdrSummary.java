package org.palisade.core.cdr;

import java.time.YearMonth;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.palisade.core.call.Disposition;

/**
 * Calls, answered calls, duration and billsec per month (UTC month of the start) and per
 * {@link By group}, over the calls a {@link CdrQuery} selects (its limit and cursor do not
 * apply), plus totals.
 *
 * <p>Every call lands in exactly one line: it is grouped by its <em>billing party</em> (see
 * {@link By}), even when a filter matched it through the other party. That is why the totals
 * equal the sums over the detail rows of the same query, which finance checks.
 *
 * @param lines by month, then by key; a null key (an internal call has no trunk, an extension no
 *              department) comes last in its month
 */
public record CdrSummary(By by, List<Line> lines, Totals totals) {

    /**
     * What a line is keyed by. The billing party of a call is the caller's extension for internal
     * and outbound calls (who placed the call pays for it, as on a phone bill), and the called
     * extension for inbound ones (the caller is outside the company). So an internal call between
     * two extensions counts once, for the caller.
     */
    public enum By {
        /** The billing party's number. */
        EXTENSION,
        /** The billing party's department as stored on the CDR; null when it had none. */
        DEPARTMENT,
        /** The trunk's name; null for internal calls. */
        TRUNK;

        /** "extension", "department" or "trunk", in any case. */
        public static By parse(String text) {
            if (text != null) {
                for (By b : values()) {
                    if (b.name().equalsIgnoreCase(text.trim())) {
                        return b;
                    }
                }
            }
            throw new IllegalArgumentException("by: extension, department or trunk, got '" + text + "'");
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One month and key; {@code answered} counts calls with disposition ANSWERED. */
    public record Line(YearMonth month, String key, long calls, long answered, long durationSeconds, long billsec) {

        public Line {
            if (month == null) {
                throw new IllegalArgumentException("month: required");
            }
        }

        Totals totals() {
            return new Totals(calls, answered, durationSeconds, billsec);
        }
    }

    public record Totals(long calls, long answered, long durationSeconds, long billsec) {

        public static final Totals ZERO = new Totals(0, 0, 0, 0);

        public Totals plus(Totals o) {
            return new Totals(calls + o.calls, answered + o.answered, durationSeconds + o.durationSeconds, billsec + o.billsec);
        }

        /** The figures one record adds: how the detail rows are checked against a summary. */
        public static Totals of(CallRecord r) {
            return new Totals(1, r.disposition() == Disposition.ANSWERED ? 1 : 0, r.durationSeconds(),
                    r.billsec());
        }
    }

    private static final Comparator<Line> ORDER = Comparator.comparing(Line::month)
            .thenComparing(Line::key, Comparator.nullsLast(Comparator.naturalOrder()));

    public CdrSummary {
        if (by == null) {
            throw new IllegalArgumentException("by: required");
        }
        lines = lines.stream().sorted(ORDER).toList();
        if (!sum(lines).equals(totals)) {
            throw new IllegalArgumentException("totals: " + totals + " are not the sum of the lines " + sum(lines));
        }
    }

    /** The totals are the lines' sum, computed here so they cannot disagree with them. */
    public static CdrSummary of(By by, List<Line> lines) {
        return new CdrSummary(by, lines, sum(lines));
    }

    /** Each month's totals, oldest first. */
    public Map<YearMonth, Totals> monthTotals() {
        Map<YearMonth, Totals> months = new TreeMap<>();
        for (Line l : lines) {
            months.merge(l.month(), l.totals(), Totals::plus);
        }
        return months;
    }

    private static Totals sum(List<Line> lines) {
        Totals t = Totals.ZERO;
        for (Line l : lines) {
            t = t.plus(l.totals());
        }
        return t;
    }
}
