package org.palisade.registrar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistrarSettingsTest {

    private static RegistrarSettings settings(int min, int max, int dflt, int maxFailures, List<String> algorithms) {
        return new RegistrarSettings("palisade.example", min, max, dflt, 10, Duration.ofMinutes(5), maxFailures,
                Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofSeconds(10), algorithms);
    }

    @Test
    void defaultsOfferSha256BeforeMd5() {
        RegistrarSettings defaults = RegistrarSettings.defaults("palisade.example");

        assertThat(defaults.digestAlgorithms()).containsExactly("SHA-256", "MD5");
        assertThat(defaults.minExpires()).isLessThanOrEqualTo(defaults.defaultExpires());
        assertThat(defaults.defaultExpires()).isLessThanOrEqualTo(defaults.maxExpires());
    }

    @Test
    void aMinimumAboveTheMaximumIsRejected() {
        assertThatThrownBy(() -> settings(600, 300, 300, 5, List.of("MD5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("registrar.min-expires");
    }

    @Test
    void aDefaultOutsideMinAndMaxIsRejected() {
        assertThatThrownBy(() -> settings(60, 3600, 30, 5, List.of("MD5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("registrar.default-expires");
        assertThatThrownBy(() -> settings(60, 3600, 7200, 5, List.of("MD5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("registrar.default-expires");
    }

    @Test
    void aLockOutNeedsAtLeastOneFailure() {
        assertThatThrownBy(() -> settings(60, 3600, 3600, 0, List.of("MD5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("lockout.max-failures");
    }

    @Test
    void onlySha256AndMd5EachAtMostOnceMayBeConfigured() {
        for (List<String> bad : List.of(List.<String>of(), List.of("SHA-512-256"), List.of("MD5", "MD5"), List.of("sha-256"))) {
            assertThatThrownBy(() -> settings(60, 3600, 3600, 5, bad)).as("%s", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("auth.algorithms");
        }
        assertThat(settings(60, 3600, 3600, 5, List.of("MD5", "SHA-256")).digestAlgorithms()).containsExactly("MD5", "SHA-256");
    }
}
