package org.palisade.web.session;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Brakes password guessing on the web login, like the registrar's lock-out on the SIP side:
 * {@code maxFailures} failures within {@code window}, against one account name or from one
 * source address, lock that key for {@code lock}. While locked, every attempt is refused, the
 * right password included, without checking it.
 *
 * <p>Names that have no account are counted exactly like real ones, so a lock tells nothing
 * about which names exist. The price: anyone can lock a real admin out for a while by failing on
 * purpose (per-source locks blunt that), and an office behind one NAT address shares its source
 * counter. Counters live in memory per node; the audit log is the lasting record.
 */
public final class LoginThrottle {

    /** A key whose lock just ended. */
    public record Released(String key, long lockedAtMillis) {
    }

    private static final class State {
        final Deque<Long> failures = new ArrayDeque<>();
        long lockedAt;
        long lockedUntil;
    }

    private final Clock clock;
    private final int maxFailures;
    private final long windowMillis;
    private final long lockMillis;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    public LoginThrottle(Clock clock, int maxFailures, Duration window, Duration lock) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures: must be at least 1");
        }
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.windowMillis = window.toMillis();
        this.lockMillis = lock.toMillis();
    }

    public static String accountKey(String name) {
        return "web-user:" + name;
    }

    public static String sourceKey(String address) {
        return "web-source:" + address;
    }

    /** How long the longer of the two locks still runs; zero when neither key is locked. */
    public Duration lockedFor(String... keys) {
        long now = clock.millis();
        long longest = 0;
        for (String key : keys) {
            State s = states.get(key);
            if (s != null) {
                synchronized (s) {
                    longest = Math.max(longest, s.lockedUntil - now);
                }
            }
        }
        return Duration.ofMillis(Math.max(0, longest));
    }

    /**
     * Counts a failure against each key.
     *
     * @return the keys this failure locked
     */
    public List<String> fail(String... keys) {
        long now = clock.millis();
        List<String> locked = new ArrayList<>();
        for (String key : keys) {
            State s = states.computeIfAbsent(key, k -> new State());
            synchronized (s) {
                if (s.lockedUntil > now) {
                    continue;
                }
                s.failures.addLast(now);
                while (!s.failures.isEmpty() && s.failures.peekFirst() <= now - windowMillis) {
                    s.failures.removeFirst();
                }
                if (s.failures.size() >= maxFailures) {
                    s.failures.clear();
                    s.lockedAt = now;
                    s.lockedUntil = now + lockMillis;
                    locked.add(key);
                }
            }
        }
        return locked;
    }

    /** A good login forgets the failures counted against its account (not those of its source). */
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

    /** Ends locks that are over and forgets keys with no recent failure; run periodically. */
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
