package org.palisade.relay.engine;

import java.net.InetAddress;
import java.util.List;

/**
 * What to write into the SDP going out: the relay's address for the receiving party and, per
 * m-line of the SDP in hand, the relay ports that party must send to.
 */
public record Allocation(InetAddress address, List<Port> media) {

    /**
     * @param rtp     the relay's RTP port for this m-line, 0 when the stream is disabled
     * @param rtcp    the relay's RTCP port: {@code rtp + 1}, or {@code rtp} when multiplexed
     * @param rtcpMux whether the SDP going out must carry {@code a=rtcp-mux}
     */
    public record Port(int rtp, int rtcp, boolean rtcpMux) {
        public static final Port DISABLED = new Port(0, 0, false);
    }

    public Allocation {
        media = List.copyOf(media);
    }
}
