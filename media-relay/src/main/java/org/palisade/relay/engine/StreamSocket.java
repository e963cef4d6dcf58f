package org.palisade.relay.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * One relay socket of one party's m-line (its RTP port, or the RTCP port above it) with the
 * counters of what that party sent to it. This is the packet path: everything here runs on the
 * socket's I/O thread, touches only fields, and allocates nothing. {@link DatagramChannel#receive}
 * hands back the same {@link InetSocketAddress} object while the sender stays the same, and
 * {@link DatagramChannel#send} re-encodes the target only when it is another object, which is why
 * the latched address is kept as the very object {@code receive} returned.
 */
final class StreamSocket {

    static final int EMPTY = -1;
    static final int DROPPED = -2;

    /** RFC 3550 appendix A.1: a larger forward jump is a restarted stream, not a loss. */
    private static final int MAX_DROPOUT = 3000;

    final DatagramChannel channel;
    final int port;
    final boolean rtcpPort;
    final InetSocketAddress local;
    MediaEndpoint endpoint;

    /** From the party's SDP; where packets go until the party's first packet shows its real source. */
    InetSocketAddress advertised;
    /** The party's real source, learnt from its first packet; null while latching is armed. */
    InetSocketAddress latched;

    long packets;
    long bytes;
    long errors;
    long packetsOut;
    long bytesOut;
    long sequenceGaps;
    long lastPacket;

    private boolean sequenceKnown;
    private int ssrc;
    private int highestSequence;

    StreamSocket(DatagramChannel channel, InetSocketAddress local, boolean rtcpPort, long created) {
        this.channel = channel;
        this.port = local.getPort();
        this.local = local;
        this.rtcpPort = rtcpPort;
        this.lastPacket = created;
    }

    InetSocketAddress destination() {
        InetSocketAddress l = latched;
        return l != null ? l : advertised;
    }

    /** Latching starts over: the next packet's source becomes the party's address. */
    void rearm(InetSocketAddress newAdvertised) {
        advertised = newAdvertised;
        latched = null;
    }

    /**
     * Receives one datagram and forwards it to the other party.
     *
     * @return bytes forwarded, {@link #EMPTY} when nothing was waiting, {@link #DROPPED} when the
     *         datagram was counted and discarded
     */
    int pump(ByteBuffer buf, long now) throws IOException {
        buf.clear();
        SocketAddress from = channel.receive(buf);
        if (from == null) {
            return EMPTY;
        }
        buf.flip();
        InetSocketAddress source = (InetSocketAddress) from;
        InetSocketAddress peer = latched;
        if (peer == null) {
            latched = source;
        } else if (peer != source && !peer.equals(source)) {
            // someone other than the latched party: no hijacking of a running stream
            errors++;
            return DROPPED;
        }
        MediaEndpoint self = endpoint;
        boolean control = rtcpPort || (self.rtcpMux && Rtp.isRtcp(buf));
        StreamSocket counted = control ? self.rtcp : this;
        int length = buf.limit();
        counted.packets++;
        counted.bytes += length;
        counted.lastPacket = now;
        if (!control) {
            trackSequence(buf);
        }
        MediaEndpoint other = self.peer;
        if (other == null) {
            counted.errors++;
            return DROPPED;
        }
        // a multiplexing party gets its RTCP on the RTP port, the other kind on the port above
        StreamSocket out = control && !other.rtcpMux ? other.rtcp : other.rtp;
        InetSocketAddress to = out.destination();
        if (to == null) {
            counted.errors++;
            return DROPPED;
        }
        int sent;
        try {
            sent = out.channel.send(buf, to);
        } catch (IOException e) {
            sent = 0;
        }
        if (sent == 0) {
            counted.errors++;
            return DROPPED;
        }
        StreamSocket outCounted = control ? other.rtcp : other.rtp;
        outCounted.packetsOut++;
        outCounted.bytesOut += length;
        return length;
    }

    /**
     * Counts sequence numbers skipped since the highest one seen, modulo 2^16. A new SSRC starts
     * over; late (reordered or duplicate) packets are ignored, so a reordered packet stays counted
     * as a gap, which errs towards reporting loss.
     */
    private void trackSequence(ByteBuffer b) {
        if (!Rtp.isRtp(b)) {
            return;
        }
        int seq = Rtp.sequence(b);
        int s = Rtp.ssrc(b);
        if (!sequenceKnown || s != ssrc) {
            sequenceKnown = true;
            ssrc = s;
            highestSequence = seq;
            return;
        }
        int delta = (seq - highestSequence) & 0xffff;
        if (delta == 0 || delta >= 0x8000) {
            return;
        }
        if (delta < MAX_DROPOUT) {
            sequenceGaps += delta - 1;
        }
        highestSequence = seq;
    }

    /**
     * @param carrier the socket this stream's packets really use: itself, or the RTP socket when
     *                RTCP is multiplexed onto it
     */
    CallSnapshot.Stream snapshot(StreamSocket carrier) {
        return new CallSnapshot.Stream(carrier.local, carrier.destination(), carrier.advertised, carrier.latched != null,
                lastPacket, packets, bytes, errors, packetsOut, bytesOut, sequenceGaps);
    }
}
