package org.palisade.server.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.palisade.core.call.CallObserver;
import org.palisade.core.call.CallStarted;
import org.palisade.core.call.Disposition;
import org.palisade.core.call.Party;
import org.palisade.core.media.MediaStats;

/** Keeps every call event the proxy emits, as readable lines, for tests to compare. */
public final class RecordingCallObserver implements CallObserver {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<CallStarted> started = new CopyOnWriteArrayList<>();
    private final java.util.Map<String, MediaStats> relayed = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, String> trunks = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void started(CallStarted call) {
        started.add(call);
        events.add("started " + call.callId() + " " + call.caller() + "->" + call.callee() + " " + call.direction());
    }

    /** Recorded as "relayed CALLER_PACKETS/CALLEE_PACKETS"; the whole counters through {@link #relayed(String)}. */
    @Override
    public void relayed(String callId, MediaStats stats) {
        relayed.put(callId, stats);
        events.add("relayed " + callId + " " + stats.packetsFromCaller() + "/" + stats.packetsFromCallee());
    }

    /** Kept apart from the event lines, so calls that cross no trunk read as before. */
    @Override
    public void trunk(String callId, String trunk) {
        trunks.put(callId, trunk);
    }

    /** The last trunk the call was offered to (the one that carried it), or null. */
    public String trunk(String callId) {
        return trunks.get(callId);
    }

    /** The relay's counters of a call that ended, or null. */
    public MediaStats relayed(String callId) {
        return relayed.get(callId);
    }

    @Override
    public void answered(String callId, long atMillis) {
        events.add("answered " + callId);
    }

    @Override
    public void ended(String callId, long atMillis, Party hungUpBy, String reason) {
        events.add("ended " + callId + " " + hungUpBy + " " + reason);
    }

    @Override
    public void failed(String callId, long atMillis, int sipCode, Disposition disposition) {
        events.add("failed " + callId + " " + sipCode + " " + disposition);
    }

    /** The events of one call, in order. */
    public List<String> of(String callId) {
        return events.stream().filter(e -> e.contains(" " + callId)).map(e -> e.replace(" " + callId, "")).toList();
    }

    /** Waits up to 5 s until the call has {@code count} events, then returns them. */
    public List<String> await(String callId, int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (of(callId).size() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        return of(callId);
    }

    public List<CallStarted> started() {
        return List.copyOf(started);
    }
}
