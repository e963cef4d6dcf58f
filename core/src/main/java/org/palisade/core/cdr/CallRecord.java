package org.palisade.core.cdr;

import java.time.Instant;
import org.palisade.core.call.Direction;
import org.palisade.core.call.Disposition;
import org.palisade.core.call.Party;

/**
 * One call attempt as finance sees it (a CDR). Times are epoch milliseconds; durations are whole
 * seconds, see {@link #seconds}.
 *
 * @param trunk             the PBX trunk used, null for internal calls (until the bridge exists, always null)
 * @param answerMillis      null when the call was never answered
 * @param durationSeconds   start to end
 * @param billsec           answer to end, 0 when unanswered
 * @param sipCode           the final SIP code: 200 for an answered call, 0 when there was none (interrupted)
 * @param hungUpBy          who ended it; null when nobody in particular did (a routing failure)
 * @param hangupReason      BYE, CANCEL, BUSY, NO ANSWER TIMEOUT, INTERRUPTED, ...
 * @param mediaOffered      media types offered, e.g. "audio,video"; null while the proxy does not report them
 * @param mediaUsed         media types that flowed after policy, e.g. "audio"; null likewise
 * @param packetsFromCaller relay counters, caller to callee; null while no relay reports them (likewise the other three)
 */
public record CallRecord(String callId, String caller, String callee, Direction direction, String trunk,
                         long startMillis, Long answerMillis, long endMillis, long durationSeconds, long billsec,
                         Disposition disposition, int sipCode, Party hungUpBy, String hangupReason,
                         String mediaOffered, String mediaUsed,
                         Long packetsFromCaller, Long bytesFromCaller, Long packetsFromCallee, Long bytesFromCallee) {

    public static final String INTERRUPTED = "INTERRUPTED";

    public CallRecord {
        if (callId == null || callId.isEmpty() || caller == null || callee == null || direction == null || disposition == null) {
            throw new IllegalArgumentException("call record: call id, caller, callee, direction and disposition are required");
        }
        if (endMillis < startMillis || (answerMillis != null && (answerMillis < startMillis || answerMillis > endMillis))) {
            throw new IllegalArgumentException("call record " + callId + ": times out of order (start " + startMillis
                    + ", answer " + answerMillis + ", end " + endMillis + ")");
        }
    }

    /**
     * The record for a call whose end nobody saw (the node died): FAILED, no answer, ended at
     * {@code endMillis} (never before its start).
     */
    public static CallRecord interrupted(String callId, String caller, String callee, Direction direction,
                                         long startMillis, long endMillis) {
        long end = Math.max(startMillis, endMillis);
        return new CallRecord(callId, caller, callee, direction, null, startMillis, null, end, seconds(startMillis, end), 0,
                Disposition.FAILED, 0, Party.SYSTEM, INTERRUPTED, null, null, null, null, null, null);
    }

    /**
     * Whole seconds between two instants, rounded half up. Rounding (not truncating) keeps the
     * error of each record within half a second either way, so the sum over many calls carries no
     * systematic bias against the caller or the company; half up is what a person would do.
     */
    public static long seconds(long fromMillis, long toMillis) {
        return Math.max(0, (toMillis - fromMillis + 500) / 1000);
    }

    public Instant start() {
        return Instant.ofEpochMilli(startMillis);
    }

    public Instant answer() {
        return answerMillis == null ? null : Instant.ofEpochMilli(answerMillis);
    }

    public Instant end() {
        return Instant.ofEpochMilli(endMillis);
    }
}
