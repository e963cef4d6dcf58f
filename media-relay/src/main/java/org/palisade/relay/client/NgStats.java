package org.palisade.relay.client;

import java.util.List;
import java.util.Map;
import org.palisade.core.media.MediaStats;

/**
 * The counters of an ng {@code query} or {@code delete} reply, per direction.
 *
 * <p>rtpengine reports, under {@code tags → TAG → medias[] → streams[]}, one stream per local
 * port that faces the party TAG (an RTP and an RTCP one per medium unless rtcp-mux), and each
 * stream's {@code stats} ({@code packets}, {@code bytes}) count what that port RECEIVED from
 * TAG's endpoint, before it was relayed to the other side. Checked against rtpengine 10.5:
 * five 172-byte packets sent by the offerer show as 5/860 in the offerer's RTP stream, and
 * nothing in the answerer's. So "from the caller" is the sum over the caller tag's streams,
 * RTP and RTCP together, and "from the callee" the sum over every other tag (more than one
 * when a forked call was answered on several branches).
 */
final class NgStats {

    /** Palisade's relay adds this (epoch ms); rtpengine only has whole seconds per stream. */
    static final String LAST_PACKET_MS = "last packet ms";

    private NgStats() {
    }

    static MediaStats parse(Map<String, Object> reply, String callerTag) {
        long[] caller = new long[3];
        long[] callee = new long[3];
        if (reply.get("tags") instanceof Map<?, ?> tags) {
            for (Map.Entry<?, ?> tag : tags.entrySet()) {
                add(tag.getValue(), callerTag.equals(tag.getKey()) ? caller : callee);
            }
        }
        long last = Math.max(caller[2], callee[2]);
        if (reply.get(LAST_PACKET_MS) instanceof Number ms) {
            last = ms.longValue();
        } else if (last == 0) {
            last = number(reply.get("created")) * 1000;
        }
        return new MediaStats(caller[0], caller[1], callee[0], callee[1], last);
    }

    /** Adds packets, bytes and the latest "last packet" (as ms) of one tag's streams into {@code sums}. */
    private static void add(Object tag, long[] sums) {
        if (!(tag instanceof Map<?, ?> t) || !(t.get("medias") instanceof List<?> medias)) {
            return;
        }
        for (Object media : medias) {
            if (!(media instanceof Map<?, ?> m) || !(m.get("streams") instanceof List<?> streams)) {
                continue;
            }
            for (Object stream : streams) {
                if (!(stream instanceof Map<?, ?> s)) {
                    continue;
                }
                if (s.get("stats") instanceof Map<?, ?> stats) {
                    sums[0] += number(stats.get("packets"));
                    sums[1] += number(stats.get("bytes"));
                }
                sums[2] = Math.max(sums[2], number(s.get("last packet")) * 1000);
            }
        }
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
