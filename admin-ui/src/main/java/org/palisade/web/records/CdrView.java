package org.palisade.web.records;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.palisade.core.cdr.CallRecord;

/**
 * A call record as the API shows it (docs/API.md, "Cdr"): times ISO 8601 in UTC, direction and
 * who hung up as their names ({@code OUTBOUND}, {@code CALLER}), the disposition in the CDR's own
 * words ({@code NO ANSWER}), media types as lists; what was not recorded is null.
 */
public record CdrView(String callId, String caller, String callee, String direction, String trunk, Instant start, Instant answer,
               Instant end, long duration, long billsec, String disposition, int sipCode, String hungUpBy, String hangupReason,
               List<String> mediaOffered, List<String> mediaUsed, Long packetsFromCaller, Long bytesFromCaller,
               Long packetsFromCallee, Long bytesFromCallee) {

    public static CdrView of(CallRecord r) {
        return new CdrView(r.callId(), r.caller(), r.callee(), r.direction().name(), r.trunk(), r.start(), r.answer(), r.end(),
                r.durationSeconds(), r.billsec(), r.disposition().label(), r.sipCode(),
                r.hungUpBy() == null ? null : r.hungUpBy().name(), r.hangupReason(), media(r.mediaOffered()),
                media(r.mediaUsed()), r.packetsFromCaller(), r.bytesFromCaller(), r.packetsFromCallee(), r.bytesFromCallee());
    }

    /** "audio,video" as stored becomes ["audio", "video"]; null (not reported) stays null. */
    private static List<String> media(String types) {
        if (types == null) {
            return null;
        }
        return Arrays.stream(types.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
