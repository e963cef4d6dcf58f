package org.palisade.server.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** --since values: an ISO 8601 instant or date, or an age such as 30m, 12h, 7d. */
final class TimeArg {

    private static final Pattern AGE = Pattern.compile("(\\d+)([smhd])");

    private TimeArg() {
    }

    static Instant parse(String field, String text, Instant now) {
        Matcher age = AGE.matcher(text);
        if (age.matches()) {
            long n = Long.parseLong(age.group(1));
            Duration d = switch (age.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return now.minus(d);
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneId.systemDefault()).toInstant();
            } catch (DateTimeParseException notDate) {
                throw new IllegalArgumentException(field + ": expected an ISO 8601 time (2026-11-25T10:00:00Z), a date "
                        + "(2026-11-25) or an age (30m, 12h, 7d), got '" + text + "'");
            }
        }
    }
}
