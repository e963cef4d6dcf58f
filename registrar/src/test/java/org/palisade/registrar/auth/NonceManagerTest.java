package org.palisade.registrar.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.palisade.core.testing.MutableClock;
import org.palisade.registrar.auth.NonceManager.Verdict;

class NonceManagerTest {

    private static final Duration LIFETIME = Duration.ofMinutes(5);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T09:30:00Z"));
    private final NonceManager nonces = new NonceManager(clock, LIFETIME);

    @Test
    void anIssuedNonceIsValidForItsFirstCount() {
        assertThat(nonces.use(nonces.issue(), 1)).isEqualTo(Verdict.VALID);
    }

    @Test
    void theSameCountUsedTwiceIsAReplay() {
        String nonce = nonces.issue();
        nonces.use(nonce, 1);

        assertThat(nonces.use(nonce, 1)).isEqualTo(Verdict.REPLAYED);
    }

    @Test
    void increasingCountsAreValid() {
        String nonce = nonces.issue();

        assertThat(nonces.use(nonce, 1)).isEqualTo(Verdict.VALID);
        assertThat(nonces.use(nonce, 2)).isEqualTo(Verdict.VALID);
        assertThat(nonces.use(nonce, 3)).isEqualTo(Verdict.VALID);
    }

    @Test
    void aLowerCountThanOneAlreadySeenIsAReplay() {
        String nonce = nonces.issue();
        nonces.use(nonce, 1);
        nonces.use(nonce, 5);

        assertThat(nonces.use(nonce, 3)).isEqualTo(Verdict.REPLAYED);
        assertThat(nonces.use(nonce, 6)).isEqualTo(Verdict.VALID);
    }

    @Test
    void countsOfDifferentNoncesAreIndependent() {
        String first = nonces.issue();
        String second = nonces.issue();
        nonces.use(first, 1);

        assertThat(second).isNotEqualTo(first);
        assertThat(nonces.use(second, 1)).isEqualTo(Verdict.VALID);
    }

    @Test
    void anAlteredNonceIsForged() {
        String nonce = nonces.issue();
        char[] chars = nonce.toCharArray();
        chars[4] = chars[4] == 'A' ? 'B' : 'A'; // inside the issue time
        String altered = new String(chars);

        assertThat(nonces.use(altered, 1)).isEqualTo(Verdict.FORGED);
    }

    @Test
    void aNonceWithAlteredRandomPartIsForged() {
        byte[] raw = Base64.getUrlDecoder().decode(nonces.issue());
        raw[10] ^= 0x01;

        assertThat(nonces.use(Base64.getUrlEncoder().withoutPadding().encodeToString(raw), 1)).isEqualTo(Verdict.FORGED);
    }

    @Test
    void aNonceWhoseTimeWasMovedForwardIsForged() {
        byte[] raw = Base64.getUrlDecoder().decode(nonces.issue());
        raw[6] += 1; // a later issue time would extend its life

        assertThat(nonces.use(Base64.getUrlEncoder().withoutPadding().encodeToString(raw), 1)).isEqualTo(Verdict.FORGED);
    }

    @Test
    void garbageIsForged() {
        assertThat(nonces.use("not a nonce!", 1)).isEqualTo(Verdict.FORGED);
        assertThat(nonces.use("", 1)).isEqualTo(Verdict.FORGED);
        assertThat(nonces.use("dGhpcyBpcyB2YWxpZCBiYXNlNjQ", 1)).isEqualTo(Verdict.FORGED);
        assertThat(nonces.use("A".repeat(43), 1)).isEqualTo(Verdict.FORGED);
    }

    @Test
    void aNonceOfAnotherInstanceIsForged() {
        NonceManager otherNode = new NonceManager(clock, LIFETIME);

        assertThat(nonces.use(otherNode.issue(), 1)).isEqualTo(Verdict.FORGED);
    }

    @Test
    void aNonceIsValidUpToTheEndOfItsLifetime() {
        String nonce = nonces.issue();
        clock.advance(LIFETIME);

        assertThat(nonces.use(nonce, 1)).isEqualTo(Verdict.VALID);
    }

    @Test
    void aNoncePastItsLifetimeIsStale() {
        String nonce = nonces.issue();
        nonces.use(nonce, 1);
        clock.advance(LIFETIME.plusMillis(1));

        assertThat(nonces.use(nonce, 2)).isEqualTo(Verdict.STALE);
    }

    @Test
    void issuingNoncesCostsNoMemoryUntilOneIsUsed() {
        for (int i = 0; i < 100; i++) {
            nonces.issue();
        }

        assertThat(nonces.tracked()).isZero();
    }

    @Test
    void forgedAndStaleNoncesAreNotRemembered() {
        String old = nonces.issue();
        nonces.use("garbage", 1);
        clock.advance(LIFETIME.plusSeconds(1));
        nonces.use(old, 1);

        assertThat(nonces.tracked()).isZero();
    }

    @Test
    void purgeForgetsTheCountsOfExpiredNonces() {
        String old = nonces.issue();
        nonces.use(old, 1);
        clock.advance(Duration.ofMinutes(3));
        String recent = nonces.issue();
        nonces.use(recent, 1);
        clock.advance(Duration.ofMinutes(2).plusMillis(1));

        nonces.purge();

        assertThat(nonces.tracked()).isEqualTo(1);
        assertThat(nonces.use(old, 2)).isEqualTo(Verdict.STALE);
        assertThat(nonces.use(recent, 1)).as("a purge must not forget live counts").isEqualTo(Verdict.REPLAYED);
    }

    @Test
    void purgeKeepsEverythingWhileNothingHasExpired() {
        String nonce = nonces.issue();
        nonces.use(nonce, 1);

        nonces.purge();

        assertThat(nonces.tracked()).isEqualTo(1);
        assertThat(nonces.use(nonce, 1)).isEqualTo(Verdict.REPLAYED);
    }

    @Test
    void aCountRacedByManyThreadsIsValidExactlyOnce() throws Exception {
        String nonce = nonces.issue();
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Verdict>> verdicts = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                verdicts.add(pool.submit(() -> {
                    start.await();
                    return nonces.use(nonce, 1);
                }));
            }
            start.countDown();
            List<Verdict> results = new ArrayList<>();
            for (Future<Verdict> f : verdicts) {
                results.add(f.get());
            }

            assertThat(results).filteredOn(v -> v == Verdict.VALID).hasSize(1);
            assertThat(results).filteredOn(v -> v == Verdict.REPLAYED).hasSize(threads - 1);
        } finally {
            pool.shutdownNow();
        }
    }
}
