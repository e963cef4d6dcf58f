package org.palisade.relay.ng;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.palisade.relay.engine.RelayEngine;
import org.palisade.relay.engine.RelayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * rtpengine's ng control protocol over UDP: a cookie, a space, a bencoded dictionary; the reply
 * carries the same cookie. One socket and one thread, which runs each command to its end:
 * commands take microseconds, and doing them in arrival order means a retransmitted request
 * always finds its original's reply in the cache.
 *
 * <p>The server never dies on input: a datagram without a readable cookie is dropped (there is
 * no way to address a reply), anything else wrong gets {@code {"result":"error"}} with the reason.
 */
public final class NgServer {

    private static final Logger LOG = LoggerFactory.getLogger(NgServer.class);
    /** The most one UDP datagram carries over IPv4. */
    static final int MAX_DATAGRAM = 65_507;
    private static final int MAX_COOKIE = 256;
    static final long CACHE_MILLIS = 30_000;
    static final int CACHE_ENTRIES = 10_000;
    static final long CACHE_BYTES = 32L << 20;

    private final InetSocketAddress bind;
    private final NgCommands commands;
    private final ReplyCache cache = new ReplyCache(CACHE_MILLIS, CACHE_ENTRIES, CACHE_BYTES);
    private DatagramChannel channel;
    private Thread thread;
    private volatile boolean running;

    /** @param bind address and port to listen on; port 0 picks a free one (see {@link #localAddress()}) */
    public NgServer(InetSocketAddress bind, RelayEngine engine) {
        this.bind = bind;
        this.commands = new NgCommands(engine);
    }

    public synchronized void start() throws IOException {
        if (channel != null) {
            throw new IllegalStateException("ng server: already started");
        }
        DatagramChannel ch = DatagramChannel.open(bind.getAddress() instanceof java.net.Inet4Address
                ? java.net.StandardProtocolFamily.INET : java.net.StandardProtocolFamily.INET6);
        try {
            // a burst of offers from a busy proxy must queue, not vanish
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            ch.bind(bind);
        } catch (IOException e) {
            ch.close();
            throw new IOException("ng: cannot listen on " + bind + ": " + e.getMessage(), e);
        }
        channel = ch;
        running = true;
        thread = new Thread(this::serve, "relay-ng");
        thread.setDaemon(true);
        thread.start();
        LOG.info("ng control protocol on udp {}", localAddress());
    }

    /** Idempotent. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("ng: closing the socket: {}", e.toString());
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("ng: " + e, e);
        }
    }

    private void serve() {
        ByteBuffer in = ByteBuffer.allocate(65_536);
        while (running) {
            try {
                in.clear();
                SocketAddress from = channel.receive(in);
                byte[] reply = handle(in.array(), in.position(), from);
                if (reply != null) {
                    channel.send(ByteBuffer.wrap(reply), from);
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (Throwable t) {
                // whatever one datagram did, the next one is served
                LOG.warn("ng: {}", t.toString(), t);
            }
        }
    }

    /** @return the reply datagram, or null when the datagram is dropped */
    byte[] handle(byte[] data, int length, SocketAddress from) {
        int space = -1;
        for (int i = 0; i < length && i < MAX_COOKIE; i++) {
            if (data[i] == ' ') {
                space = i;
                break;
            }
        }
        if (space < 1) {
            LOG.debug("ng: dropped {} bytes from {}: no cookie", length, from);
            return null;
        }
        String cookie = new String(data, 0, space, StandardCharsets.US_ASCII);
        long now = System.currentTimeMillis();
        byte[] cached = cache.get(from, cookie, now);
        if (cached != null) {
            LOG.debug("ng: {} from {} is a retransmission, answered from the cache", cookie, from);
            return cached;
        }
        Map<String, Object> body;
        try {
            NgMessage request = NgMessage.parse(data, length);
            body = commands.execute(request);
            LOG.debug("ng: {} {} from {}: {}", cookie, request.command(), from, body.get("result"));
        } catch (RelayException e) {
            body = error(e.getMessage());
        } catch (IllegalArgumentException e) {
            body = error(e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("ng: {} from {}: {}", cookie, from, e.toString(), e);
            body = error("internal error: " + e);
        }
        byte[] reply = frame(data, space, body);
        if (reply.length > MAX_DATAGRAM) {
            reply = frame(data, space, error("the reply (" + reply.length + " bytes) does not fit into one datagram"));
        }
        cache.put(from, cookie, reply, now);
        return reply;
    }

    private static Map<String, Object> error(String reason) {
        return Map.of("result", "error", "error-reason", reason == null ? "error" : reason);
    }

    /** The cookie goes back byte for byte, whatever its characters. */
    private static byte[] frame(byte[] data, int space, Map<String, Object> body) {
        byte[] dict = Bencode.encode(body);
        byte[] out = Arrays.copyOf(data, space + 1 + dict.length);
        System.arraycopy(dict, 0, out, space + 1, dict.length);
        return out;
    }
}
