package org.palisade.web.session;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.palisade.core.auth.LockoutTracker;

/**
 * Brakes password guessing on the web login, as the registrar's lock-out does on the SIP side:
 * {@code maxFailures} failures within {@code window}, against one account name or from one
 * source address, lock that key for {@code lock}. While locked, every attempt is refused, the
 * right password included, without checking it.
 *
 * <p>Names that have no account are counted exactly like real ones, so a lock tells nothing
 * about which names exist. The price: anyone can lock a real admin out for a while by failing on
 * purpose (per-source locks blunt that), and an office behind one NAT address shares its source
 * counter. The counting is the same {@link LockoutTracker} the SIP registrar uses; this adds the
 * web's keys and checks an account and a source together.
 */
public final class LoginThrottle {

    private final LockoutTracker tracker;

    public LoginThrottle(Clock clock, int maxFailures, Duration window, Duration lock) {
        this.tracker = new LockoutTracker(clock, maxFailures, window, lock);
    }

    public static String accountKey(String name) {
        return "web-user:" + name;
    }

    public static String sourceKey(String address) {
        return "web-source:" + address;
    }

    /** How long the longer of the locks still runs; zero when no key is locked. */
    public Duration lockedFor(String... keys) {
        Duration longest = Duration.ZERO;
        for (String key : keys) {
            Duration d = tracker.lockedFor(key);
            if (d.compareTo(longest) > 0) {
                longest = d;
            }
        }
        return longest;
    }

    /**
     * Counts a failure against each key.
     *
     * @return the keys this failure locked
     */
    public List<String> fail(String... keys) {
        List<String> locked = new ArrayList<>();
        for (String key : keys) {
            if (tracker.fail(key)) {
                locked.add(key);
            }
        }
        return locked;
    }

    /** A good login forgets the failures counted against its account (not those of its source). */
    public void succeed(String accountKey) {
        tracker.succeed(accountKey);
    }

    /** Ends locks that are over and forgets keys with no recent failure; run periodically. */
    public List<LockoutTracker.Released> releaseExpired() {
        return tracker.releaseExpired();
    }
}
