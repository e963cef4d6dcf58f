package org.palisade.relay.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * One party's side of one m-line: the relay's RTP and RTCP sockets that party talks to, and a
 * link to the other party's side of the same m-line, where its packets go. Built and bound on a
 * signalling thread; from registration on, every field but the final ones belongs to the I/O
 * thread.
 */
final class MediaEndpoint {

    final MediaInterface iface;
    final StreamSocket rtp;
    final StreamSocket rtcp;
    final int port;
    String type = "";
    String protocol = "";
    boolean rtcpMux;
    MediaEndpoint peer;

    private MediaEndpoint(MediaInterface iface, int port, DatagramChannel rtpChannel, DatagramChannel rtcpChannel, long now) {
        this.iface = iface;
        this.port = port;
        this.rtp = new StreamSocket(rtpChannel, new InetSocketAddress(iface.local(), port), false, now);
        this.rtcp = new StreamSocket(rtcpChannel, new InetSocketAddress(iface.local(), port + 1), true, now);
        rtp.endpoint = this;
        rtcp.endpoint = this;
    }

    /** Binds a free pair of {@code pool} on {@code iface}. */
    static MediaEndpoint bind(MediaInterface iface, PortPool pool) {
        return pool.allocate(port -> {
            DatagramChannel a = null;
            DatagramChannel b = null;
            try {
                a = open(iface, port);
                b = open(iface, port + 1);
                return new MediaEndpoint(iface, port, a, b, System.currentTimeMillis());
            } catch (IOException | RuntimeException e) {
                closeQuietly(a);
                closeQuietly(b);
                throw e;
            }
        });
    }

    private static DatagramChannel open(MediaInterface iface, int port) throws IOException {
        DatagramChannel ch = DatagramChannel.open(iface.family());
        try {
            ch.configureBlocking(false);
            // no SO_REUSEADDR: a port some other socket holds must fail here, not split a stream
            ch.bind(new InetSocketAddress(iface.local(), port));
            return ch;
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    static void link(MediaEndpoint a, MediaEndpoint b) {
        a.peer = b;
        b.peer = a;
    }

    void register(Selector selector) throws ClosedChannelException {
        rtp.channel.register(selector, SelectionKey.OP_READ, rtp);
        rtcp.channel.register(selector, SelectionKey.OP_READ, rtcp);
    }

    /** Takes the party's SDP: new addresses, and latching armed again (a re-INVITE may move the phone). */
    void update(LegMedia m) {
        type = m.type();
        protocol = m.protocol();
        rtp.rearm(usable(m.rtp()));
        rtcp.rearm(usable(m.rtcp()));
    }

    /** Before the party's own SDP arrives, report the other party's media description. */
    void describeLike(LegMedia m) {
        if (type.isEmpty()) {
            type = m.type();
            protocol = m.protocol();
        }
    }

    private InetSocketAddress usable(InetSocketAddress a) {
        if (a == null || a.getPort() == 0 || a.getAddress() == null || a.getAddress().isAnyLocalAddress()
                || MediaInterface.family(a.getAddress()) != iface.family()) {
            // the party is on hold (0.0.0.0) or on the other family: only latching can find it
            return null;
        }
        return a;
    }

    /** Closes both sockets and gives the pair back. Closing cancels the selection keys. */
    void close(PortPool pool) {
        closeQuietly(rtp.channel);
        closeQuietly(rtcp.channel);
        pool.release(port);
    }

    long lastPacket() {
        return Math.max(rtp.lastPacket, rtcp.lastPacket);
    }

    CallSnapshot.Media snapshot(int index) {
        return new CallSnapshot.Media(index + 1, type, protocol, rtcpMux, rtp.snapshot(rtp), rtcp.snapshot(rtcpMux ? rtp : rtcp));
    }

    Allocation.Port allocation(boolean announceMux) {
        return new Allocation.Port(port, rtcpMux ? port : port + 1, announceMux);
    }

    private static void closeQuietly(DatagramChannel ch) {
        if (ch == null) {
            return;
        }
        try {
            ch.close();
        } catch (IOException e) {
            // nothing to do: the descriptor is gone either way
        }
    }
}
