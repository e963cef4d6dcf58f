package org.palisade.relay.load;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.palisade.relay.ng.NgMessage;

/**
 * The load generator's ng client: sends a batch of commands to one relay, at most
 * {@code window} unanswered at a time, each resent with its cookie after {@code resendMillis}
 * until {@code maxSends}. Deliberately independent of the product's ng client (only the codec
 * is shared), so the benchmark keeps working whatever happens to that client, and so the setup
 * of a few thousand calls does not wait a round trip per command.
 */
final class LoadNg implements AutoCloseable {

    /** What a command that got no reply (or a reply that could not be read) yields. */
    static final String TIMEOUT = "no reply";

    private final DatagramSocket socket;
    private final InetSocketAddress relay;
    private final String cookiePrefix = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    private final byte[] receive = new byte[65_535];
    private long nextCookie;

    LoadNg(InetSocketAddress relay) throws IOException {
        this.relay = relay;
        socket = new DatagramSocket(new InetSocketAddress(relay.getAddress().isLoopbackAddress() ? relay.getAddress() : null, 0));
        socket.setReceiveBufferSize(4 << 20);
        socket.setSoTimeout(20);
    }

    /** One command, waiting for its reply; {@code null} when none came. */
    Map<String, Object> request(Map<String, Object> command, long resendMillis, int maxSends) throws IOException {
        return batch(List.of(command), 1, resendMillis, maxSends).get(0);
    }

    /**
     * Sends the commands and collects their replies, in the order of the commands; a command
     * without a reply gets {@code null}.
     */
    List<Map<String, Object>> batch(List<Map<String, Object>> commands, int window, long resendMillis, int maxSends)
            throws IOException {
        int n = commands.size();
        List<Map<String, Object>> replies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            replies.add(null);
        }
        Map<String, Integer> open = new HashMap<>();   // cookie -> index
        String[] cookies = new String[n];
        byte[][] datagrams = new byte[n][];
        long[] sentAt = new long[n];
        int[] sends = new int[n];
        int next = 0;
        int done = 0;
        long resendNanos = resendMillis * 1_000_000L;
        while (done < n) {
            while (next < n && open.size() < window) {
                String cookie = cookiePrefix + "_" + (nextCookie++);
                cookies[next] = cookie;
                datagrams[next] = new NgMessage(cookie, commands.get(next)).toBytes();
                open.put(cookie, next);
                transmit(datagrams[next]);
                sentAt[next] = System.nanoTime();
                sends[next] = 1;
                next++;
            }
            DatagramPacket packet = new DatagramPacket(receive, receive.length);
            try {
                socket.receive(packet);
                NgMessage reply;
                try {
                    reply = NgMessage.parse(packet.getData(), packet.getLength());
                } catch (IllegalArgumentException e) {
                    continue; // not ng: ignore, the command is resent
                }
                Integer index = open.remove(reply.cookie());
                if (index != null) {
                    replies.set(index, reply.body());
                    done++;
                }
            } catch (SocketTimeoutException e) {
                // fall through to the resends
            }
            long now = System.nanoTime();
            for (Integer index : List.copyOf(open.values())) {
                if (now - sentAt[index] < resendNanos) {
                    continue;
                }
                if (sends[index] >= maxSends) {
                    open.remove(cookies[index]);
                    done++;
                    continue;
                }
                transmit(datagrams[index]);
                sentAt[index] = now;
                sends[index]++;
            }
        }
        return replies;
    }

    private void transmit(byte[] datagram) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, relay));
    }

    /** "ok", or what went wrong with the reply. */
    static String outcome(Map<String, Object> reply) {
        if (reply == null) {
            return TIMEOUT;
        }
        Object result = reply.get("result");
        if ("ok".equals(result) || "pong".equals(result)) {
            return "ok";
        }
        Object reason = reply.get("error-reason");
        return result + (reason == null ? "" : ": " + reason);
    }

    @Override
    public void close() {
        socket.close();
    }
}
