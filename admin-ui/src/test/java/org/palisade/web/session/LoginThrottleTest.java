package org.palisade.web.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.palisade.core.auth.LockoutTracker;
import org.palisade.core.testing.MutableClock;

class LoginThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock, 3, Duration.ofMinutes(10), Duration.ofMinutes(15));
    private final String alice = LoginThrottle.accountKey("alice");
    private final String here = LoginThrottle.sourceKey("192.0.2.1");
    private final String there = LoginThrottle.sourceKey("192.0.2.2");

    @Test
    void locksAKeyAtTheLimitForTheLockTimeThenReleasesIt() {
        assertThat(throttle.fail(alice, here)).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(throttle.fail(alice, there)).isEmpty();
        assertThat(throttle.fail(alice, there)).as("third failure against alice from two places").containsExactly(alice);
        assertThat(throttle.lockedFor(alice, here)).isEqualTo(Duration.ofMinutes(15));
        assertThat(throttle.lockedFor(LoginThrottle.accountKey("bob"), here)).as("neither bob nor 'here' is locked").isZero();
        assertThat(throttle.fail(alice)).as("failures while locked do not extend the lock").isEmpty();

        clock.advance(Duration.ofMinutes(14));
        assertThat(throttle.releaseExpired()).isEmpty();
        assertThat(throttle.lockedFor(alice)).isEqualTo(Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(1));
        assertThat(throttle.releaseExpired()).extracting(LockoutTracker.Released::key).containsExactly(alice);
        assertThat(throttle.lockedFor(alice)).isZero();
        assertThat(throttle.releaseExpired()).as("reported once").isEmpty();
    }

    @Test
    void failuresOutsideTheWindowDoNotCountAndSuccessClearsTheAccount() {
        throttle.fail(alice);
        throttle.fail(alice);
        clock.advance(Duration.ofMinutes(11));
        assertThat(throttle.fail(alice)).as("the first two slid out of the window").isEmpty();
        throttle.succeed(alice);
        throttle.fail(alice);
        assertThat(throttle.fail(alice)).as("a success started the count again").isEmpty();
        assertThat(throttle.fail(alice)).containsExactly(alice);
    }
}
