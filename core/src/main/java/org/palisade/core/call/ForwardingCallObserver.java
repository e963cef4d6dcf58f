package org.palisade.core.call;

import org.palisade.core.media.MediaStats;

/**
 * Passes every call event on to another observer: the base of decorators that act on some
 * events (a call's end releasing what it held) and must not lose the others.
 */
public abstract class ForwardingCallObserver implements CallObserver {

    protected final CallObserver next;

    protected ForwardingCallObserver(CallObserver next) {
        this.next = next;
    }

    @Override
    public void started(CallStarted call) {
        next.started(call);
    }

    @Override
    public void media(String callId, String offered, String used) {
        next.media(callId, offered, used);
    }

    @Override
    public void trunk(String callId, String trunk) {
        next.trunk(callId, trunk);
    }

    @Override
    public void relayed(String callId, MediaStats stats) {
        next.relayed(callId, stats);
    }

    @Override
    public void answered(String callId, long atMillis) {
        next.answered(callId, atMillis);
    }

    @Override
    public void ended(String callId, long atMillis, Party hungUpBy, String reason) {
        next.ended(callId, atMillis, hungUpBy, reason);
    }

    @Override
    public void failed(String callId, long atMillis, int sipCode, Disposition disposition) {
        next.failed(callId, atMillis, sipCode, disposition);
    }
}
