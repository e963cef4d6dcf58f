package org.palisade.core.cdr;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.palisade.core.call.CallStarted;
import org.palisade.core.call.Direction;
import org.palisade.core.call.Disposition;

/**
 * Counts the call records this node makes, by direction and disposition, and the media packets the
 * relays counted for them, on their way to the real sink: what {@code /metrics} reports as calls
 * by disposition. Counted as they are handed on, so a record the spool still holds counts already.
 */
public final class CallCounts implements CdrSink {

    private final CdrSink sink;
    private final Map<Direction, Map<Disposition, LongAdder>> calls = new EnumMap<>(Direction.class);
    private final LongAdder mediaPackets = new LongAdder();

    public CallCounts(CdrSink sink) {
        this.sink = sink;
        for (Direction d : Direction.values()) {
            Map<Disposition, LongAdder> byDisposition = new EnumMap<>(Disposition.class);
            for (Disposition x : Disposition.values()) {
                byDisposition.put(x, new LongAdder());
            }
            calls.put(d, byDisposition); // filled here, never changed after: safe to read from any thread
        }
    }

    @Override
    public void opened(CallStarted call) {
        sink.opened(call);
    }

    @Override
    public void accept(CallRecord record) {
        calls.get(record.direction()).get(record.disposition()).increment();
        mediaPackets.add(orZero(record.packetsFromCaller()) + orZero(record.packetsFromCallee()));
        sink.accept(record);
    }

    public long calls(Direction direction, Disposition disposition) {
        return calls.get(direction).get(disposition).sum();
    }

    /** RTP packets of ended anchored calls, both parties, as their relay nodes counted them. */
    public long mediaPackets() {
        return mediaPackets.sum();
    }

    private static long orZero(Long n) {
        return n == null ? 0 : n;
    }
}
