package org.palisade.relay.engine;

/**
 * RTCP multiplexing (RFC 5761) as rtpengine negotiates it, per m-line. The offerer's wish and the
 * {@code rtcp-mux} flags of the offer decide what the answerer is offered; the answer and the
 * same flags decide what the offerer gets back. Each leg then either carries RTCP on its RTP
 * port or on the port above, and the relay converts between the two when the legs differ.
 */
public final class RtcpMux {

    /**
     * The {@code rtcp-mux} list of an ng offer.
     *
     * @param offer   offer multiplexing to the answerer even when the offerer did not
     * @param require as {@code offer}, and treat the answerer as multiplexing at once (WebRTC)
     * @param demux   multiplex towards the offerer only, never towards the answerer
     * @param accept  accept the offerer's multiplexing whatever the answerer says
     * @param reject  refuse the offerer's multiplexing
     */
    public record Flags(boolean offer, boolean require, boolean demux, boolean accept, boolean reject) {
        public static final Flags NONE = new Flags(false, false, false, false, false);
    }

    private RtcpMux() {
    }

    /** Whether the offer passed on to the answerer carries {@code a=rtcp-mux}. */
    public static boolean offeredToAnswerer(boolean offererOffered, Flags f) {
        return f.offer() || f.require() || (offererOffered && !f.demux() && !f.reject());
    }

    /** Whether the offerer's leg multiplexes, which the answer passed back must say. */
    public static boolean offererMuxes(boolean offererOffered, boolean answererMuxes, Flags f) {
        if (!offererOffered || f.reject()) {
            return false;
        }
        return answererMuxes || f.accept() || f.demux();
    }

    /**
     * Whether the answerer's leg multiplexes: when its answer says so, even unasked, because it
     * will then send its RTCP to the RTP port whatever was offered.
     */
    public static boolean answererMuxes(boolean answerSaysMux, Flags f) {
        return f.require() || answerSaysMux;
    }
}
