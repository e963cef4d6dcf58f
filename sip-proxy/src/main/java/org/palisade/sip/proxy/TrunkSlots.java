package org.palisade.sip.proxy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.palisade.core.call.CallObserver;
import org.palisade.core.call.Disposition;
import org.palisade.core.call.ForwardingCallObserver;
import org.palisade.core.call.Party;
import org.palisade.core.trunk.PbxBridge;

/**
 * The trunk call slot (max-calls) each call through a trunk holds, outbound or inbound, by
 * Call-ID. A slot is given back on the call's end event, the one path every ending takes (BYE,
 * failure, CANCEL, kill switch, media timeout), so no ending can leak one.
 */
final class TrunkSlots {

    private final PbxBridge bridge;
    private final Map<String, String> held = new ConcurrentHashMap<>();

    TrunkSlots(PbxBridge bridge) {
        this.bridge = bridge;
    }

    /** Takes a slot of {@code trunk} for the call, giving back the one it held on another trunk. */
    boolean take(String callId, String trunk) {
        if (!bridge.acquire(trunk)) {
            return false;
        }
        String before = held.put(callId, trunk);
        if (before != null) {
            bridge.release(before);
        }
        return true;
    }

    void release(String callId) {
        String trunk = held.remove(callId);
        if (trunk != null) {
            bridge.release(trunk);
        }
    }

    /** {@code calls}, with the call's slot given back before its end is reported. */
    CallObserver observing(CallObserver calls) {
        return new ForwardingCallObserver(calls) {
            @Override
            public void ended(String callId, long atMillis, Party hungUpBy, String reason) {
                release(callId);
                next.ended(callId, atMillis, hungUpBy, reason);
            }

            @Override
            public void failed(String callId, long atMillis, int sipCode, Disposition disposition) {
                release(callId);
                next.failed(callId, atMillis, sipCode, disposition);
            }
        };
    }
}
