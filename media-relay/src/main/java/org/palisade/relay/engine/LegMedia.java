package org.palisade.relay.engine;

import java.net.InetSocketAddress;

/**
 * One m-line of an SDP body, as the relay needs it: where that party wants its media.
 *
 * @param type     {@code audio}, {@code video}, ... (reported by {@code query})
 * @param protocol {@code RTP/AVP}, {@code RTP/SAVPF}, ... (reported, never translated)
 * @param disabled port 0 in the SDP: the stream is declined and gets no relay ports
 * @param rtp      where to send RTP, null when unknown (no usable c= address); latching fills it in
 * @param rtcp     where to send RTCP when not multiplexed, null when unknown
 * @param rtcpMux  the SDP carries {@code a=rtcp-mux}
 */
public record LegMedia(String type, String protocol, boolean disabled, InetSocketAddress rtp, InetSocketAddress rtcp,
                       boolean rtcpMux) {

    public static LegMedia disabled(String type, String protocol) {
        return new LegMedia(type, protocol, true, null, null, false);
    }
}
