package org.palisade.relay.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A phone's media sockets on loopback: RTP and RTCP on ports of their own, and an SDP saying so. */
public final class Phone implements AutoCloseable {

    public record Packet(byte[] data, InetSocketAddress source) {
    }

    public final DatagramSocket rtp;
    public final DatagramSocket rtcp;
    private final InetAddress address;

    public Phone(String address) throws IOException {
        this.address = InetAddress.getByName(address);
        this.rtp = new DatagramSocket(new InetSocketAddress(this.address, 0));
        this.rtcp = new DatagramSocket(new InetSocketAddress(this.address, 0));
    }

    public String ip() {
        return address.getHostAddress().replace("0:0:0:0:0:0:0:1", "::1");
    }

    public String family() {
        return address instanceof Inet6Address ? "IP6" : "IP4";
    }

    /** One audio stream, RTCP announced with a=rtcp, plus whatever media lines are given. */
    public String sdp(String... mediaAttributes) {
        StringBuilder sb = new StringBuilder();
        sb.append("v=0\r\no=phone 1 1 IN ").append(family()).append(' ').append(ip()).append("\r\ns=-\r\n");
        sb.append("c=IN ").append(family()).append(' ').append(ip()).append("\r\nt=0 0\r\n");
        sb.append("m=audio ").append(rtp.getLocalPort()).append(" RTP/SAVP 0 101\r\n");
        sb.append("a=rtpmap:0 PCMU/8000\r\n");
        sb.append("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR\r\n");
        sb.append("a=rtcp:").append(rtcp.getLocalPort()).append("\r\n");
        for (String a : mediaAttributes) {
            sb.append(a).append("\r\n");
        }
        return sb.toString();
    }

    public void send(DatagramSocket from, byte[] data, InetSocketAddress to) throws IOException {
        from.send(new DatagramPacket(data, data.length, to));
    }

    /** @return the next datagram, or null when none came within {@code millis} */
    public static Packet receive(DatagramSocket s, int millis) throws IOException {
        s.setSoTimeout(millis);
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            s.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return new Packet(Arrays.copyOf(buf, p.getLength()), (InetSocketAddress) p.getSocketAddress());
    }

    /** An RTP packet with a random (SRTP-like) payload. */
    public static byte[] rtp(int seq, int ssrc, int payloadBytes, Random random) {
        ByteBuffer b = ByteBuffer.allocate(12 + payloadBytes);
        b.put((byte) 0x80).put((byte) 0).putShort((short) seq).putInt(seq * 160).putInt(ssrc);
        byte[] payload = new byte[payloadBytes];
        random.nextBytes(payload);
        b.put(payload);
        return b.array();
    }

    /** A minimal RTCP receiver report (packet type 201). */
    public static byte[] rtcp(int ssrc) {
        return ByteBuffer.allocate(8).put((byte) 0x80).put((byte) 201).putShort((short) 1).putInt(ssrc).array();
    }

    /** The port of the {@code n}-th m-line (0-based) of an SDP. */
    public static int port(String sdp, int n) {
        Matcher m = Pattern.compile("(?m)^m=\\w+ (\\d+) ").matcher(sdp);
        for (int i = 0; i <= n; i++) {
            if (!m.find()) {
                throw new AssertionError("no m-line " + n + " in " + sdp);
            }
        }
        return Integer.parseInt(m.group(1));
    }

    @Override
    public void close() {
        rtp.close();
        rtcp.close();
    }
}
