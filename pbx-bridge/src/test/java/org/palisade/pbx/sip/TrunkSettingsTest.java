package org.palisade.pbx.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TrunkSettingsTest {

    @Test
    void retriesFromFiveSecondsDoublingToFiveMinutes() {
        TrunkSettings s = TrunkSettings.defaults();
        assertThat(IntStream.rangeClosed(1, 9).mapToObj(s::backoff).map(Duration::toSeconds).toList())
                .containsExactly(5L, 10L, 20L, 40L, 80L, 160L, 300L, 300L, 300L);
        assertThat(s.backoff(10_000)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void defaults() {
        TrunkSettings s = TrunkSettings.defaults();
        assertThat(s.healthInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.requestedExpires()).isEqualTo(3600);
        assertThat(TrunkSettings.withHealthInterval(Duration.ofSeconds(10)).healthInterval()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> TrunkSettings.withHealthInterval(Duration.ZERO)).hasMessageStartingWith("healthInterval:");
        assertThatThrownBy(() -> new TrunkSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(10), Duration.ofSeconds(5), 60)).hasMessageStartingWith("retryMax:");
        assertThatThrownBy(() -> new TrunkSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(5), 0)).hasMessageStartingWith("requestedExpires:");
    }
}
