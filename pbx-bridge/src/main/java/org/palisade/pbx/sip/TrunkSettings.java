package org.palisade.pbx.sip;

import java.time.Duration;

/**
 * Timing of trunk registration and health checks.
 *
 * @param healthInterval   how often every enabled trunk is sent an OPTIONS
 * @param answerTimeout    how long Palisade waits for a final answer to its own REGISTER or OPTIONS.
 *                         Shorter than the stack's 32 s (Timer F): a health check must know before the
 *                         next one is due, and a registration should retry rather than wait
 * @param reloadInterval   how often the trunk list is read again, to follow admins' changes
 * @param retryMin         the first wait after a failed registration; it doubles with every failure ...
 * @param retryMax         ... up to this
 * @param requestedExpires the expiry asked for in REGISTER; the registrar may grant less
 */
public record TrunkSettings(Duration healthInterval, Duration answerTimeout, Duration reloadInterval, Duration retryMin,
                            Duration retryMax, int requestedExpires) {

    public static final Duration DEFAULT_HEALTH_INTERVAL = Duration.ofSeconds(30);

    public TrunkSettings {
        positive("healthInterval", healthInterval);
        positive("answerTimeout", answerTimeout);
        positive("reloadInterval", reloadInterval);
        positive("retryMin", retryMin);
        positive("retryMax", retryMax);
        if (retryMax.compareTo(retryMin) < 0) {
            throw new IllegalArgumentException("retryMax: at least retryMin (" + retryMin + "), got " + retryMax);
        }
        if (requestedExpires < 1) {
            throw new IllegalArgumentException("requestedExpires: at least 1 second, got " + requestedExpires);
        }
    }

    /** OPTIONS every 30 s, answers within 5 s, trunks re-read every 30 s, retries from 5 s doubling to 5 min, Expires 3600. */
    public static TrunkSettings defaults() {
        return withHealthInterval(DEFAULT_HEALTH_INTERVAL);
    }

    /** The defaults with another health-check interval (the one setting an admin is likely to change). */
    public static TrunkSettings withHealthInterval(Duration healthInterval) {
        return new TrunkSettings(healthInterval, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(5),
                Duration.ofMinutes(5), 3600);
    }

    /** The wait before retry number {@code failures} (1 for the first failure): doubling, capped. */
    Duration backoff(int failures) {
        Duration d = retryMin;
        for (int i = 1; i < failures && d.compareTo(retryMax) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(retryMax) > 0 ? retryMax : d;
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + ": a positive duration, got " + d);
        }
    }
}
