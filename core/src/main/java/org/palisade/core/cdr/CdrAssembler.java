package org.palisade.core.cdr;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.palisade.core.call.CallObserver;
import org.palisade.core.call.CallStarted;
import org.palisade.core.call.Disposition;
import org.palisade.core.call.Party;
import org.palisade.core.media.MediaStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the proxy's call events into exactly one {@link CallRecord} per call id. Runs on the SIP
 * threads: one map operation per event and no lock; removing the open call is what claims the
 * right to write its record, so a second end event for the same call (a BYE racing a CANCEL, a
 * retransmission) finds nothing and is dropped.
 */
public final class CdrAssembler implements CallObserver {

    private static final Logger log = LoggerFactory.getLogger(CdrAssembler.class);

    private final CdrSink sink;
    private final ConcurrentHashMap<String, OpenCall> open = new ConcurrentHashMap<>();
    private final AtomicLong strayEvents = new AtomicLong();

    public CdrAssembler(CdrSink sink) {
        this.sink = sink;
    }

    /** A call being routed or talking; answer time is written once, by {@link #answered}. */
    private static final class OpenCall {
        final CallStarted start;
        volatile long answerMillis = -1;
        volatile String mediaOffered;
        volatile String mediaUsed;
        volatile MediaStats relayed;
        volatile String trunk;

        OpenCall(CallStarted start) {
            this.start = start;
        }
    }

    @Override
    public void started(CallStarted call) {
        if (call == null || call.callId() == null) {
            strayEvents.incrementAndGet();
            return;
        }
        if (open.putIfAbsent(call.callId(), new OpenCall(call)) == null) {
            sink.opened(call);
        } else {
            stray("started", call.callId());
        }
    }

    @Override
    public void media(String callId, String offered, String used) {
        OpenCall call = callId == null ? null : open.get(callId);
        if (call == null) {
            stray("media", callId);
            return;
        }
        call.mediaOffered = offered;
        call.mediaUsed = used;
    }

    @Override
    public void trunk(String callId, String trunk) {
        OpenCall call = callId == null ? null : open.get(callId);
        if (call == null) {
            stray("trunk", callId);
            return;
        }
        call.trunk = trunk;
    }

    @Override
    public void relayed(String callId, MediaStats stats) {
        OpenCall call = callId == null ? null : open.get(callId);
        if (call == null) {
            stray("relayed", callId);
            return;
        }
        call.relayed = stats;
    }

    @Override
    public void answered(String callId, long atMillis) {
        OpenCall call = callId == null ? null : open.get(callId);
        if (call == null) {
            stray("answered", callId);
        } else if (call.answerMillis < 0) {
            // the first 2xx counts; a later one from another fork branch is not a new answer
            call.answerMillis = Math.max(atMillis, call.start.startMillis());
        }
    }

    @Override
    public void ended(String callId, long atMillis, Party hungUpBy, String reason) {
        OpenCall call = callId == null ? null : open.remove(callId);
        if (call == null) {
            stray("ended", callId);
            return;
        }
        CallStarted s = call.start;
        long end = Math.max(atMillis, s.startMillis());
        long answer = call.answerMillis;
        if (answer < 0) {
            // "ended" is for answered calls; without an answer it is a failure the proxy mislabelled
            log.debug("call {} ended without an answer; recorded as FAILED", callId);
            sink.accept(record(call, null, end, Disposition.FAILED, 0, hungUpBy, reason));
            return;
        }
        sink.accept(record(call, Math.min(answer, end), end, Disposition.ANSWERED, 200, hungUpBy, reason));
    }

    @Override
    public void failed(String callId, long atMillis, int sipCode, Disposition disposition) {
        OpenCall call = callId == null ? null : open.remove(callId);
        if (call == null) {
            stray("failed", callId);
            return;
        }
        Disposition d = disposition == null || disposition == Disposition.ANSWERED ? Disposition.ofFinalCode(sipCode) : disposition;
        long end = Math.max(atMillis, call.start.startMillis());
        sink.accept(record(call, null, end, d, sipCode, whoEnded(d, sipCode), failureReason(d, sipCode)));
    }

    /**
     * Ends every open call, for a node that stops while calls are up: answered ones are billed up
     * to {@code atMillis}, the others fail. Without this they would be closed as interrupted on
     * the next start, with no billsec.
     *
     * @return how many were closed
     */
    public int closeOpenCalls(long atMillis, String reason) {
        int closed = 0;
        for (String callId : open.keySet()) {
            OpenCall call = open.remove(callId);
            if (call == null) {
                continue; // ended meanwhile, by its own event
            }
            long end = Math.max(atMillis, call.start.startMillis());
            long answer = call.answerMillis;
            sink.accept(answer < 0
                    ? record(call, null, end, Disposition.FAILED, 0, Party.SYSTEM, reason)
                    : record(call, Math.min(answer, end), end, Disposition.ANSWERED, 200, Party.SYSTEM, reason));
            closed++;
        }
        return closed;
    }

    /** Calls started and not yet ended, for live views and diagnostics. */
    public int openCalls() {
        return open.size();
    }

    /** Events for calls this assembler does not know (already ended, or never started): a proxy bug if it grows. */
    public long strayEvents() {
        return strayEvents.get();
    }

    private void stray(String event, String callId) {
        strayEvents.incrementAndGet();
        log.debug("{} for a call that is not open: {}", event, callId);
    }

    private static CallRecord record(OpenCall call, Long answer, long end, Disposition d, int code, Party by, String reason) {
        CallStarted s = call.start;
        long billsec = answer == null ? 0 : CallRecord.seconds(answer, end);
        MediaStats m = call.relayed;
        return new CallRecord(s.callId(), s.caller(), s.callee(), s.direction(), call.trunk, s.startMillis(), answer, end,
                CallRecord.seconds(s.startMillis(), end), billsec, d, code, by, reason, call.mediaOffered, call.mediaUsed,
                m == null ? null : m.packetsFromCaller(), m == null ? null : m.bytesFromCaller(),
                m == null ? null : m.packetsFromCallee(), m == null ? null : m.bytesFromCallee());
    }

    private static Party whoEnded(Disposition d, int code) {
        return switch (d) {
            case CANCELLED -> Party.CALLER;
            case BUSY -> Party.CALLEE;
            case BLOCKED_BY_POLICY -> Party.SYSTEM;
            case NO_ANSWER -> code == 408 ? Party.SYSTEM : null;
            default -> null;
        };
    }

    private static String failureReason(Disposition d, int code) {
        return switch (d) {
            case CANCELLED -> "CANCEL";
            case BUSY -> code == 603 ? "DECLINED" : "BUSY";
            case BLOCKED_BY_POLICY -> "POLICY";
            case NO_ANSWER -> code == 408 ? "NO ANSWER TIMEOUT" : "UNAVAILABLE";
            default -> "SIP " + code;
        };
    }
}
