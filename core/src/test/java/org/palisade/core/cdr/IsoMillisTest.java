package org.palisade.core.cdr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast formatter writes what the pattern it replaces writes, for any instant and fixed offset. */
class IsoMillisTest {

    private static final DateTimeFormatter PATTERN = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");

    @Test
    void writesExactlyWhatThePatternWrites() {
        SplittableRandom random = new SplittableRandom(7);
        for (ZoneOffset offset : new ZoneOffset[] {ZoneOffset.UTC, ZoneOffset.ofHours(1), ZoneOffset.ofHoursMinutes(-9, -30),
            ZoneOffset.ofHoursMinutes(5, 45), ZoneOffset.ofHours(14), ZoneOffset.ofHours(-12)}) {
            DateTimeFormatter reference = PATTERN.withZone(offset);
            IsoMillis fast = IsoMillis.forZone(offset, reference);
            long[] edges = {0, -1, 1, 999, 1000, 86_399_999, 86_400_000, -86_400_000, 1_764_064_800_000L, 1_767_225_599_999L,
                253_402_300_799_999L /* 9999-12-31T23:59:59.999Z */, 253_402_300_800_000L /* year 10000 */, -62_167_219_200_000L /* 0000-01-01 */,
                -62_167_219_200_001L};
            for (long t : edges) {
                assertThat(fast.format(t)).as(offset + " " + t).isEqualTo(reference.format(Instant.ofEpochMilli(t)));
            }
            long t = 1_735_689_600_000L;
            for (int i = 0; i < 20_000; i++) {
                t += random.nextLong(0, 40_000_000L); // mostly the same day as the last one, as in an export
                long any = random.nextLong(-70_000_000_000_000L, 300_000_000_000_000L);
                assertThat(fast.format(t)).isEqualTo(reference.format(Instant.ofEpochMilli(t)));
                assertThat(fast.format(any)).isEqualTo(reference.format(Instant.ofEpochMilli(any)));
            }
        }
    }

    @Test
    void zonesWithSummerTimeKeepTheFormatter() {
        assertThat(IsoMillis.forZone(ZoneId.of("Europe/Berlin"), PATTERN)).isNull();
        assertThat(IsoMillis.forZone(ZoneId.of("UTC"), PATTERN)).isNotNull();
        assertThat(IsoMillis.forZone(ZoneOffset.ofTotalSeconds(3_601), PATTERN)).isNull();
    }
}
