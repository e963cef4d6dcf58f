package org.palisade.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.palisade.core.testing.MutableClock;

class LockoutTrackerTest {

    private static final int MAX = 3;
    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final Duration LOCK = Duration.ofMinutes(15);
    private static final String KEY = "source:192.0.2.7";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T09:30:00Z"));
    private final LockoutTracker tracker = new LockoutTracker(clock, MAX, WINDOW, LOCK);

    @Test
    void failuresBelowTheLimitDoNotLock() {
        assertThat(tracker.fail(KEY)).isFalse();
        assertThat(tracker.fail(KEY)).isFalse();

        assertThat(tracker.isLocked(KEY)).isFalse();
    }

    @Test
    void theFailureThatReachesTheLimitLocks() {
        tracker.fail(KEY);
        tracker.fail(KEY);

        assertThat(tracker.fail(KEY)).isTrue();
        assertThat(tracker.isLocked(KEY)).isTrue();
    }

    @Test
    void anUnknownKeyIsNotLocked() {
        assertThat(tracker.isLocked("extension:1001")).isFalse();
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        tracker.fail(KEY);
        clock.advance(Duration.ofMinutes(6));
        tracker.fail(KEY);
        clock.advance(Duration.ofMinutes(4)); // the first failure is now exactly one window old

        assertThat(tracker.fail(KEY)).isFalse();
        assertThat(tracker.isLocked(KEY)).isFalse();
    }

    @Test
    void failuresSpreadOverTheWindowStillLock() {
        tracker.fail(KEY);
        clock.advance(Duration.ofMinutes(5));
        tracker.fail(KEY);
        clock.advance(Duration.ofMinutes(5).minusMillis(1));

        assertThat(tracker.fail(KEY)).isTrue();
    }

    @Test
    void theLockEndsAfterItsDuration() {
        lock(KEY);
        clock.advance(LOCK.minusMillis(1));
        assertThat(tracker.isLocked(KEY)).isTrue();
        assertThat(tracker.lockedFor(KEY)).isEqualTo(Duration.ofMillis(1));

        clock.advance(Duration.ofMillis(1));

        assertThat(tracker.isLocked(KEY)).isFalse();
        assertThat(tracker.lockedFor(KEY)).isZero();
    }

    @Test
    void failuresDuringALockNeitherReportNorExtendIt() {
        lock(KEY);
        clock.advance(Duration.ofMinutes(10));

        assertThat(tracker.fail(KEY)).isFalse();
        assertThat(tracker.fail(KEY)).isFalse();
        assertThat(tracker.fail(KEY)).isFalse();
        clock.advance(Duration.ofMinutes(5));
        assertThat(tracker.isLocked(KEY)).isFalse();
    }

    @Test
    void anEndedLockIsReportedExactlyOnce() {
        Instant lockedAt = clock.instant();
        lock(KEY);
        assertThat(tracker.releaseExpired()).isEmpty();
        clock.advance(LOCK);

        assertThat(tracker.releaseExpired()).containsExactly(new LockoutTracker.Released(KEY, lockedAt.toEpochMilli()));
        assertThat(tracker.releaseExpired()).isEmpty();
        clock.advance(Duration.ofHours(1));
        assertThat(tracker.releaseExpired()).isEmpty();
    }

    @Test
    void afterALockTheCountStartsAgainFromZero() {
        lock(KEY);
        clock.advance(LOCK);
        tracker.releaseExpired();

        assertThat(tracker.fail(KEY)).isFalse();
        assertThat(tracker.fail(KEY)).isFalse();
        assertThat(tracker.fail(KEY)).isTrue();
    }

    @Test
    void successClearsTheFailuresOfAnUnlockedKey() {
        tracker.fail(KEY);
        tracker.fail(KEY);

        tracker.succeed(KEY);

        assertThat(tracker.fail(KEY)).isFalse();
        assertThat(tracker.fail(KEY)).isFalse();
        assertThat(tracker.isLocked(KEY)).isFalse();
        assertThat(tracker.fail(KEY)).isTrue();
    }

    @Test
    void successDoesNotLiftALock() {
        lock(KEY);

        tracker.succeed(KEY);

        assertThat(tracker.isLocked(KEY)).isTrue();
        clock.advance(LOCK);
        assertThat(tracker.releaseExpired()).extracting(LockoutTracker.Released::key).containsExactly(KEY);
    }

    @Test
    void keysAreIndependent() {
        String other = "extension:1001";
        lock(KEY);

        assertThat(tracker.isLocked(other)).isFalse();
        assertThat(tracker.fail(other)).isFalse();
        tracker.succeed(other);
        assertThat(tracker.isLocked(KEY)).isTrue();
    }

    @Test
    void releaseReportsOnlyTheKeysWhoseLockEnded() {
        lock(KEY);
        clock.advance(Duration.ofMinutes(5));
        lock("extension:1001");
        clock.advance(Duration.ofMinutes(10));

        assertThat(tracker.releaseExpired()).extracting(LockoutTracker.Released::key).containsExactly(KEY);
        assertThat(tracker.isLocked("extension:1001")).isTrue();
    }

    @Test
    void releaseKeepsTheRecentFailuresOfAnUnlockedKey() {
        tracker.fail(KEY);
        tracker.fail(KEY);

        assertThat(tracker.releaseExpired()).isEmpty();

        assertThat(tracker.fail(KEY)).as("the two earlier failures still count").isTrue();
    }

    private void lock(String key) {
        for (int i = 1; i < MAX; i++) {
            assertThat(tracker.fail(key)).isFalse();
        }
        assertThat(tracker.fail(key)).isTrue();
    }
}
