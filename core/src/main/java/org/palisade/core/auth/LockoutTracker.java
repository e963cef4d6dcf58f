package org.palisade.core.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed authentications per key (a source address, an extension, a web account name) in
 * a sliding window and locks a key that reaches the limit for a cool-down period. The SIP
 * registrar and the web login each keep one. Kept in memory per node: a lock-out is a brake on
 * guessing, not a record; the record is the audit log.
 */
public final class LockoutTracker {

    /** A key whose cool-down just ended, reported once by {@link #releaseExpired()}. */
    public record Released(String key, long lockedAtMillis) {
    }

    private static final class State {
        final Deque<Long> failures = new ArrayDeque<>();
        long lockedUntil;
        long lockedAt;
    }

    private final Clock clock;
    private final int maxFailures;
    private final long windowMillis;
    private final long durationMillis;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    public LockoutTracker(Clock clock, int maxFailures, Duration window, Duration duration) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures: must be at least 1");
        }
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.windowMillis = window.toMillis();
        this.durationMillis = duration.toMillis();
    }

    public boolean isLocked(String key) {
        return !lockedFor(key).isZero();
    }

    /** How long the key's lock still runs; zero when it is not locked. */
    public Duration lockedFor(String key) {
        State s = states.get(key);
        if (s == null) {
            return Duration.ZERO;
        }
        synchronized (s) {
            return Duration.ofMillis(Math.max(0, s.lockedUntil - clock.millis()));
        }
    }

    /** Records a failure; returns true when this failure locks the key. */
    public boolean fail(String key) {
        long now = clock.millis();
        State s = states.computeIfAbsent(key, k -> new State());
        synchronized (s) {
            if (s.lockedUntil > now) {
                return false;
            }
            s.failures.addLast(now);
            while (!s.failures.isEmpty() && s.failures.peekFirst() <= now - windowMillis) {
                s.failures.removeFirst();
            }
            if (s.failures.size() >= maxFailures) {
                s.failures.clear();
                s.lockedAt = now;
                s.lockedUntil = now + durationMillis;
                return true;
            }
            return false;
        }
    }

    /** A good login clears the failures counted against its key (not a lock already running). */
    public void succeed(String key) {
        State s = states.get(key);
        if (s != null) {
            synchronized (s) {
                if (s.lockedUntil == 0) {
                    states.remove(key, s);
                }
            }
        }
    }

    /** Ends cool-downs that are over and forgets keys with no recent failures. */
    public List<Released> releaseExpired() {
        long now = clock.millis();
        List<Released> released = new ArrayList<>();
        states.forEach((key, s) -> {
            synchronized (s) {
                if (s.lockedUntil != 0 && s.lockedUntil <= now) {
                    released.add(new Released(key, s.lockedAt));
                    s.lockedUntil = 0;
                }
                boolean recent = !s.failures.isEmpty() && s.failures.peekLast() > now - windowMillis;
                if (s.lockedUntil == 0 && !recent) {
                    states.remove(key, s);
                }
            }
        });
        return released;
    }
}
