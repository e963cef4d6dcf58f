package org.palisade.relay.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The media end of a phone: one UDP socket on loopback, its SDP, and RTP packets out and in. */
public final class RtpPhone implements AutoCloseable {

    public static final int RTP_HEADER = 12;
    public static final int PAYLOAD = 160; // 20 ms of PCMU
    public static final int PACKET = RTP_HEADER + PAYLOAD;

    private static final Pattern AUDIO_PORT = Pattern.compile("(?m)^m=audio (\\d+) ");

    private final DatagramChannel channel;
    private final int ssrc;
    private int seq;

    public RtpPhone(int ssrc) {
        this.ssrc = ssrc;
        try {
            channel = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            channel.configureBlocking(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What a desk phone offers: PCMU and DTMF events, RTCP on the next port (no rtcp-mux), and
     * ICE candidates, which the relay must strip. The origin names a LAN address the other
     * party must not learn; media goes to loopback, where the test runs.
     */
    public byte[] sdp(String extra) {
        int port = port();
        return ("v=0\r\n"
                + "o=1001 3344 3344 IN IP4 192.0.2.10\r\n"
                + "s=Talk\r\n"
                + "c=IN IP4 127.0.0.1\r\n"
                + "t=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 0 101\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-15\r\n"
                + "a=ptime:20\r\n"
                + "a=ice-ufrag:Hk3v\r\n"
                + "a=ice-pwd:kT9dPpGzW8xuy2Vq7Ls0n4Ae\r\n"
                + "a=candidate:1 1 UDP 2130706431 127.0.0.1 " + port + " typ host\r\n"
                + "a=candidate:2 1 UDP 1694498815 192.0.2.10 " + port + " typ srflx raddr 127.0.0.1 rport " + port + "\r\n"
                + extra
                + "a=sendrecv\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    public static int audioPort(byte[] sdp) {
        Matcher m = AUDIO_PORT.matcher(new String(sdp, StandardCharsets.US_ASCII));
        if (!m.find()) {
            throw new AssertionError("no m=audio line in\n" + new String(sdp, StandardCharsets.US_ASCII));
        }
        return Integer.parseInt(m.group(1));
    }

    /** {@code count} RTP packets (PCMU, 20 ms apart in timestamp) to the relay's port; each payload is filled with {@code marker}. */
    public void sendRtp(int relayPort, int count, byte marker) {
        InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), relayPort);
        for (int i = 0; i < count; i++) {
            ByteBuffer p = ByteBuffer.allocate(PACKET);
            p.put((byte) 0x80).put((byte) 0).putShort((short) seq).putInt(seq * PAYLOAD).putInt(ssrc);
            seq++;
            while (p.hasRemaining()) {
                p.put(marker);
            }
            p.flip();
            try {
                channel.send(p, to);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * The RTP packets that arrive within {@code millis}, stopping early once {@code expected} have.
     * Other datagrams are dropped, as a phone demultiplexes them (RFC 7983): rtpengine sends STUN
     * connectivity checks to a party whose SDP carried ICE, even with ICE removed from what the
     * other party sees.
     */
    public List<byte[]> receive(int expected, long millis) {
        List<byte[]> got = new ArrayList<>();
        long deadline = System.currentTimeMillis() + millis;
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_READ);
            ByteBuffer buffer = ByteBuffer.allocate(2048);
            while (got.size() < expected) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    break;
                }
                selector.select(left);
                selector.selectedKeys().clear();
                buffer.clear();
                while (channel.receive(buffer) != null) {
                    buffer.flip();
                    byte[] b = new byte[buffer.remaining()];
                    buffer.get(b);
                    if (b.length >= RTP_HEADER && (b[0] & 0xC0) == 0x80) {
                        got.add(b);
                    }
                    buffer.clear();
                }
            }
            channel.keyFor(selector).cancel();
            selector.selectNow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return got;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
