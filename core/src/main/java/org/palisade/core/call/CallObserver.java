package org.palisade.core.call;

import org.palisade.core.media.MediaStats;

/**
 * What the proxy tells the rest of Palisade about a call's life (the CDR writer, live-call
 * views). Called on the SIP threads: implementations must return quickly and never throw.
 */
public interface CallObserver {

    /** An INVITE was authenticated and is being routed to the callee. */
    void started(CallStarted call);

    /**
     * The media of the call as offered and as allowed by the rights policy, e.g. "audio,video"
     * and "audio"; reported before the call is forwarded.
     */
    default void media(String callId, String offered, String used) {
    }

    /**
     * The relay's final counters for an anchored call, reported just before its
     * {@link #ended} or {@link #failed}.
     */
    default void relayed(String callId, MediaStats stats) {
    }

    /**
     * The call crosses {@code trunk}: an inbound call's trunk at once, an outbound call's each time
     * it is offered to the next trunk, so the last one reported is the trunk that carried it.
     */
    default void trunk(String callId, String trunk) {
    }

    /** The first 2xx reached the caller. */
    void answered(String callId, long atMillis);

    /** An answered call ended (BYE from either side, or an administrative end). */
    void ended(String callId, long atMillis, Party hungUpBy, String reason);

    /** The call attempt ended without an answer: its final response, or CANCEL. */
    void failed(String callId, long atMillis, int sipCode, Disposition disposition);

    CallObserver NONE = new CallObserver() {
        @Override
        public void started(CallStarted call) {
        }

        @Override
        public void answered(String callId, long atMillis) {
        }

        @Override
        public void ended(String callId, long atMillis, Party hungUpBy, String reason) {
        }

        @Override
        public void failed(String callId, long atMillis, int sipCode, Disposition disposition) {
        }
    };
}
