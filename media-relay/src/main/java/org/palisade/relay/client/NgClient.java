package org.palisade.relay.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.palisade.relay.ng.NgMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's end of rtpengine's ng protocol: bencoded commands over UDP to any number of
 * relays, from one socket. Each request carries a fresh random cookie and is sent again, with
 * the same cookie (so the relay answers from its cache instead of acting twice), until a reply
 * with that cookie comes back from the address it was sent to, or the last send has had its
 * time; then it fails with {@link NgTimeoutException}.
 *
 * <p>Thread-safe. One receiver thread completes the requests; callers either block
 * ({@link #request}) or chain on the future ({@link #send}). Dependent work on those futures
 * runs on the receiver or timer thread, so it must be short.
 */
public final class NgClient implements AutoCloseable {

    /** rtpengine's own clients (Kamailio's rtpengine module) wait about this long per send. */
    public static final Duration RETRANSMIT_AFTER = Duration.ofMillis(500);
    public static final int MAX_SENDS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(NgClient.class);
    private static final int MAX_DATAGRAM = 65_535;

    private final DatagramChannel channel;
    private final long retransmitNanos;
    private final int maxSends;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timer;
    private final Thread receiver;
    private final SecureRandom random = new SecureRandom();
    private volatile boolean closed;

    /** On an ephemeral port of every local address, with rtpengine's usual timing. */
    public NgClient() {
        this(null, RETRANSMIT_AFTER, MAX_SENDS);
    }

    /**
     * @param bind            local address and port, or null for an ephemeral port on every address
     * @param retransmitAfter wait for a reply this long after each send
     * @param maxSends        sends per request, the first included
     * @throws NgException when the socket cannot be opened
     */
    public NgClient(InetSocketAddress bind, Duration retransmitAfter, int maxSends) {
        if (retransmitAfter.isNegative() || retransmitAfter.isZero() || maxSends < 1) {
            throw new IllegalArgumentException("ng client: retransmitAfter must be positive and maxSends at least 1");
        }
        this.retransmitNanos = retransmitAfter.toNanos();
        this.maxSends = maxSends;
        try {
            channel = DatagramChannel.open();
            // offer replies carry whole SDP bodies, and many calls' replies may arrive at once
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            channel.bind(bind);
        } catch (IOException e) {
            throw new NgException("ng client: cannot open a UDP socket on " + (bind == null ? "an ephemeral port" : bind) + ": " + e, e);
        }
        timer = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "ng-client-timer"));
        timer.setRemoveOnCancelPolicy(true);
        receiver = daemon(this::receive, "ng-client-receiver");
        receiver.start();
    }

    /** The longest {@link #request} waits: every send and its wait for the reply. */
    public Duration requestTimeout() {
        return Duration.ofNanos(retransmitNanos * maxSends);
    }

    /** The local address replies come to. */
    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new NgException("ng client: " + e, e);
        }
    }

    /**
     * Sends one command and returns at once.
     *
     * @return completes with the reply's dictionary, or exceptionally with an {@link NgException}
     *         ({@link NgTimeoutException}, {@link NgErrorReply})
     */
    public CompletableFuture<Map<String, Object>> send(InetSocketAddress relay, Map<String, Object> command) {
        Objects.requireNonNull(relay, "relay");
        Pending p = new Pending(relay, String.valueOf(command.get("command")), cookie(), command);
        if (closed) {
            p.reply.completeExceptionally(new NgException(p.describe() + ": the client is closed"));
            return p.reply;
        }
        pending.put(p.cookie, p);
        transmit(p);
        return p.reply;
    }

    /**
     * Sends one command and waits for its reply: at most {@code maxSends × retransmitAfter}.
     *
     * @throws NgTimeoutException when no reply came
     * @throws NgErrorReply when the relay refused
     * @throws NgException when it could not be sent
     */
    public Map<String, Object> request(InetSocketAddress relay, Map<String, Object> command) {
        try {
            return send(relay, command).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NgException ng) {
                throw ng;
            }
            throw new NgException("ng " + command.get("command") + " to " + relay + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NgException("ng " + command.get("command") + " to " + relay + ": interrupted", e);
        }
    }

    /** @throws NgException unless the relay answers "pong" in time */
    public void ping(InetSocketAddress relay) {
        request(relay, Map.of("command", "ping"));
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing the ng socket: {}", e.toString());
        }
        timer.shutdownNow();
        pending.values().forEach(p -> p.fail(new NgException(p.describe() + ": the client was closed")));
        pending.clear();
        try {
            receiver.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** 128 random bits: a reply can only be forged by someone who saw the request. */
    private String cookie() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private void transmit(Pending p) {
        if (closed || p.reply.isDone()) {
            return;
        }
        p.sends++;
        try {
            channel.send(ByteBuffer.wrap(p.datagram), p.relay);
        } catch (IOException | RuntimeException e) {
            // unreachable network, unresolved name, closed socket: no retransmission can help
            pending.remove(p.cookie, p);
            p.fail(new NgException(p.describe() + ": cannot send: " + e, e));
            return;
        }
        try {
            p.timeout = timer.schedule(() -> expire(p), retransmitNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            pending.remove(p.cookie, p);
            p.fail(new NgException(p.describe() + ": the client was closed"));
        }
    }

    private void expire(Pending p) {
        if (p.sends < maxSends) {
            transmit(p);
        } else if (pending.remove(p.cookie, p)) {
            p.fail(new NgTimeoutException(p.describe() + ": no reply after " + p.sends + " sends in "
                    + TimeUnit.NANOSECONDS.toMillis(retransmitNanos * p.sends) + " ms"));
        }
    }

    private void receive() {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
        while (!closed) {
            SocketAddress from;
            try {
                buffer.clear();
                from = channel.receive(buffer);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warn("ng client: receive failed: {}", e.toString());
                continue;
            }
            buffer.flip();
            try {
                deliver(from, NgMessage.parse(buffer.array(), buffer.limit()));
            } catch (IllegalArgumentException e) {
                LOG.debug("ng client: dropped a malformed datagram from {}: {}", from, e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("ng client: handling a reply from {} failed", from, e);
            }
        }
    }

    private void deliver(SocketAddress from, NgMessage reply) {
        Pending p = pending.get(reply.cookie());
        if (p == null) {
            return; // a second answer to a retransmission, or a reply that came too late
        }
        if (!p.relay.equals(from)) {
            LOG.debug("ng client: reply for {} came from {}, not {}; dropped", p.command, from, p.relay);
            return;
        }
        if (!pending.remove(reply.cookie(), p)) {
            return;
        }
        if (p.timeout != null) {
            p.timeout.cancel(false);
        }
        Object result = reply.body().get("result");
        if ("ok".equals(result) || "pong".equals(result)) {
            p.reply.complete(reply.body());
        } else {
            Object reason = reply.body().get("error-reason");
            String why = reason != null ? reason.toString() : String.valueOf(result);
            p.reply.completeExceptionally(new NgErrorReply(p.describe() + ": " + why, why));
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** One request in flight. {@code sends} and {@code timeout} are touched by the caller once, then only by the timer thread. */
    private static final class Pending {
        final InetSocketAddress relay;
        final String command;
        final String cookie;
        final byte[] datagram;
        final CompletableFuture<Map<String, Object>> reply = new CompletableFuture<>();
        volatile int sends;
        volatile ScheduledFuture<?> timeout;

        Pending(InetSocketAddress relay, String command, String cookie, Map<String, Object> body) {
            this.relay = relay;
            this.command = command;
            this.cookie = cookie;
            this.datagram = new NgMessage(cookie, body).toBytes();
        }

        String describe() {
            return "ng " + command + " to " + relay;
        }

        void fail(NgException e) {
            reply.completeExceptionally(e);
        }
    }
}
