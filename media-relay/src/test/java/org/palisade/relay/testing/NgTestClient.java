package org.palisade.relay.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.palisade.relay.ng.NgMessage;

/** A bare ng client for tests: one request, one reply, matched by cookie. */
public final class NgTestClient implements AutoCloseable {

    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private int next;

    public NgTestClient(InetSocketAddress server) throws IOException {
        this.server = server;
        this.socket = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0));
        socket.setSoTimeout(3000);
    }

    public Map<String, Object> request(Map<String, Object> body) throws IOException {
        String cookie = "t" + (++next) + "_" + System.nanoTime();
        byte[] reply = exchange(new NgMessage(cookie, body).toBytes(), 3000);
        if (reply == null) {
            throw new AssertionError("no ng reply to " + body.get("command") + " within 3 s");
        }
        NgMessage m = NgMessage.parse(reply, reply.length);
        if (!m.cookie().equals(cookie)) {
            throw new AssertionError("reply for cookie " + m.cookie() + ", expected " + cookie);
        }
        return m.body();
    }

    public void send(byte[] datagram) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, server));
    }

    /** @return the raw reply, or null when none came within {@code timeoutMillis} */
    public byte[] exchange(byte[] datagram, int timeoutMillis) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, server));
        socket.setSoTimeout(timeoutMillis);
        byte[] buf = new byte[65_536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return Arrays.copyOf(buf, p.getLength());
    }

    /** Walks a reply: string keys into dictionaries, integers into lists. */
    @SuppressWarnings("unchecked")
    public static Object at(Object root, Object... path) {
        Object o = root;
        for (Object step : path) {
            if (o instanceof Map<?, ?> m) {
                o = ((Map<String, Object>) m).get((String) step);
            } else if (o instanceof List<?> l) {
                o = l.get((Integer) step);
            } else {
                throw new AssertionError("cannot walk " + step + " into " + o + " (path " + Arrays.toString(path) + " of " + root + ")");
            }
        }
        return o;
    }

    @Override
    public void close() {
        socket.close();
    }
}
