package org.palisade.relay.engine;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A call's state and counters at one moment, taken on the I/O thread that owns the call so the
 * numbers belong together. Times are epoch milliseconds.
 *
 * @param lastPacket the newest packet of any stream, or the call's creation when none came yet
 */
public record CallSnapshot(String callId, long created, long lastSignal, long lastPacket, List<Leg> legs) {

    /**
     * One party of the call.
     *
     * @param tag     its dialog tag, null while the offer is unanswered
     * @param peerTag the other party's tag, null while unknown
     */
    public record Leg(String tag, long created, String peerTag, List<Media> media) {
    }

    /** One m-line of that party; index counts from 1, as rtpengine reports it. */
    public record Media(int index, String type, String protocol, boolean rtcpMux, Stream rtp, Stream rtcp) {
    }

    /**
     * One socket of the relay and what came into it from the party ({@code packets}, {@code bytes},
     * as rtpengine's "stats") and what left it for the party ({@code packetsOut}, {@code bytesOut}).
     *
     * @param local      the relay's socket (advertised address, port)
     * @param endpoint   where packets for the party go: the latched source, else the SDP address;
     *                   null when neither is known
     * @param advertised the address the party's SDP announced, null when unknown
     * @param errors     packets that arrived here and were not forwarded: from a stranger after
     *                   latching, with nowhere to go yet, or refused by the OS
     * @param sequenceGaps RTP sequence numbers skipped by the party's stream (0 for RTCP)
     */
    public record Stream(InetSocketAddress local, InetSocketAddress endpoint, InetSocketAddress advertised,
                         boolean latched, long lastPacket, long packets, long bytes, long errors,
                         long packetsOut, long bytesOut, long sequenceGaps) {
    }
}
