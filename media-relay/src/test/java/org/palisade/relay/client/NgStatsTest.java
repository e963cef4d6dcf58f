package org.palisade.relay.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.palisade.core.media.MediaStats;

/** Reading counters out of replies shaped like rtpengine's (see RtpengineCallTest for the real thing). */
class NgStatsTest {

    private static Map<String, Object> stream(long packets, long bytes, long lastPacket) {
        return Map.of("stats", Map.of("packets", packets, "bytes", bytes, "errors", 0L), "last packet", lastPacket);
    }

    private static Map<String, Object> tag(List<Map<String, Object>> streams) {
        return Map.of("medias", List.of(Map.of("streams", streams)));
    }

    private static final Map<String, Object> TAGS = Map.of(
            "alice", tag(List.of(stream(50, 8600, 1_800_000_010L), stream(2, 140, 1_800_000_012L))),
            "bob", tag(List.of(stream(40, 6880, 1_800_000_011L), stream(1, 70, 1_800_000_000L))),
            "bob-2", tag(List.of(stream(3, 516, 1_800_000_005L))));

    @Test
    void sumsRtpAndRtcpPerDirectionWithEveryOtherTagAsTheCallee() {
        MediaStats s = NgStats.parse(Map.of("created", 1_799_999_990L, "tags", TAGS), "alice");
        assertThat(s).isEqualTo(new MediaStats(52, 8740, 44, 7466, 1_800_000_012_000L));
        MediaStats reversed = NgStats.parse(Map.of("created", 1_799_999_990L, "tags", TAGS), "bob");
        assertThat(reversed.packetsFromCaller()).isEqualTo(41);
        assertThat(reversed.packetsFromCallee()).isEqualTo(55);
    }

    @Test
    void palisadesMillisecondsWinOverRtpenginesSeconds() {
        MediaStats s = NgStats.parse(Map.of("created", 1_799_999_990L, "last packet ms", 1_800_000_012_345L, "tags", TAGS), "alice");
        assertThat(s.lastPacketMillis()).isEqualTo(1_800_000_012_345L);
    }

    @Test
    void withoutStreamsTheCallsCreationTimeStands() {
        MediaStats s = NgStats.parse(Map.of("created", 1_799_999_990L, "tags", Map.of("alice", Map.of("medias", List.of()))), "alice");
        assertThat(s).isEqualTo(new MediaStats(0, 0, 0, 0, 1_799_999_990_000L));
        assertThat(NgStats.parse(Map.of("result", "ok"), "alice")).isEqualTo(new MediaStats(0, 0, 0, 0, 0));
    }
}
