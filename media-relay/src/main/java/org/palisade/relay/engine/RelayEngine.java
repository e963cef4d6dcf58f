package org.palisade.relay.engine;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTP relay: calls keyed by Call-ID, each pinned to one of N I/O threads, relaying RTP and
 * RTCP between the two parties on port pairs of one {@link PortPool}. Plain NIO: one selector
 * and one direct buffer per thread, no per-packet allocation (see {@link StreamSocket}).
 *
 * <p>Lifecycle as in Jetty: {@link #start()} once, {@link #stop()} any number of times. The
 * signalling methods are thread-safe; each throws {@link RelayException} with a reason fit for
 * the controlling proxy.
 */
public final class RelayEngine {

    private static final Logger LOG = LoggerFactory.getLogger(RelayEngine.class);

    private final List<MediaInterface> interfaces;
    private final PortPool pool;
    private final int ioThreads;
    private final Duration orphanTimeout;
    private final Map<String, CallSession> calls = new ConcurrentHashMap<>();
    private final Signalling signalling;
    private final AtomicInteger nextLoop = new AtomicInteger();
    private final List<IoLoop> loops = new ArrayList<>();
    private volatile boolean running;
    private boolean started;

    /**
     * @param interfaces    at most one per address family; the first is the default
     * @param ioThreads     I/O threads, at least 1
     * @param orphanTimeout a call with neither packets nor signalling for this long is deleted
     */
    public RelayEngine(List<MediaInterface> interfaces, PortPool pool, int ioThreads, Duration orphanTimeout) {
        this.interfaces = List.copyOf(interfaces);
        this.pool = Objects.requireNonNull(pool, "pool");
        if (this.interfaces.isEmpty()) {
            throw new IllegalArgumentException("advertise: the relay needs at least one media address");
        }
        if (this.interfaces.stream().map(MediaInterface::family).distinct().count() != this.interfaces.size()) {
            throw new IllegalArgumentException("advertise: at most one IPv4 and one IPv6 address");
        }
        if (ioThreads < 1) {
            throw new IllegalArgumentException("io-threads: must be 1 or more, not " + ioThreads);
        }
        if (orphanTimeout == null || orphanTimeout.isNegative() || orphanTimeout.isZero()) {
            throw new IllegalArgumentException("orphan-timeout: must be positive");
        }
        this.ioThreads = ioThreads;
        this.orphanTimeout = orphanTimeout;
        this.signalling = new Signalling(pool);
    }

    public synchronized void start() throws IOException {
        if (started) {
            throw new IllegalStateException("relay engine: already started");
        }
        started = true;
        try {
            for (int i = 0; i < ioThreads; i++) {
                loops.add(new IoLoop(i, pool, orphanTimeout.toMillis(), this::reap));
            }
        } catch (IOException e) {
            loops.forEach(IoLoop::stop);
            loops.clear();
            throw e;
        }
        running = true;
        loops.forEach(IoLoop::start);
        if (!descriptorsUnboxed()) {
            // INFO, not WARN: 16 bytes of young garbage per packet is cheap; the flag is tuning, not a fix
            LOG.info("relay engine: this JVM boxes socket descriptors above 127 on every ready event (16 bytes each); "
                    + "start it with -XX:AutoBoxCacheMax=65536 for an allocation-free packet path");
        }
        LOG.info("relay engine: {} I/O threads, media on {}, ports {}-{}", ioThreads, interfaces, pool.firstPort(), pool.lastPort());
    }

    /** Stops the I/O threads, which close every call's sockets. Idempotent. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        loops.forEach(IoLoop::stop);
        calls.clear();
    }

    public boolean isRunning() {
        return running;
    }

    /** @return where the SDP for the other party must point */
    public Allocation offer(OfferRequest r) {
        checkRunning();
        for (int attempt = 0; attempt < 3; attempt++) {
            boolean[] created = new boolean[1];
            CallSession s = calls.computeIfAbsent(r.callId(), id -> {
                created[0] = true;
                return newSession(id, r);
            });
            synchronized (s) {
                if (s.closed) {
                    // torn down (orphan sweep, delete) between the lookup and the lock: start afresh
                    calls.remove(r.callId(), s);
                    continue;
                }
                try {
                    return signalling.offer(s, r);
                } catch (RuntimeException e) {
                    if (created[0]) {
                        discard(s);
                    }
                    throw e;
                }
            }
        }
        throw new RelayException("call '" + r.callId() + "' is being torn down; offer again");
    }

    /** @return where the SDP for the offerer must point */
    public Allocation answer(AnswerRequest r) {
        checkRunning();
        CallSession s = calls.get(r.callId());
        if (s == null) {
            throw new RelayException("Unknown call-id");
        }
        synchronized (s) {
            if (s.closed) {
                throw new RelayException("Unknown call-id");
            }
            return signalling.answer(s, r);
        }
    }

    /** The call's state and counters, or empty when the relay does not know it (any more). */
    public Optional<CallSnapshot> query(String callId) {
        checkRunning();
        CallSession s = calls.get(callId);
        if (s == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(s.loop.call(() -> s.closed ? null : s.snapshot()));
    }

    /** Ends the call: its ports are free when this returns. @return its final counters */
    public Optional<CallSnapshot> delete(String callId) {
        checkRunning();
        CallSession s = calls.remove(callId);
        if (s == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(s.loop.call(() -> {
            if (s.closed) {
                return null;
            }
            CallSnapshot last = s.snapshot();
            s.loop.close(s);
            return last;
        }));
    }

    /** Call-IDs of the calls the relay carries, at most {@code limit}. */
    public List<String> callIds(int limit) {
        return calls.keySet().stream().limit(Math.max(0, limit)).toList();
    }

    public int activeCalls() {
        return calls.size();
    }

    /** Packets forwarded since the start, as of the I/O threads' last rounds. */
    public long packetsRelayed() {
        return loops.stream().mapToLong(IoLoop::packetsRelayed).sum();
    }

    public long bytesRelayed() {
        return loops.stream().mapToLong(IoLoop::bytesRelayed).sum();
    }

    public PortPool ports() {
        return pool;
    }

    public List<MediaInterface> interfaces() {
        return interfaces;
    }

    public Duration orphanTimeout() {
        return orphanTimeout;
    }

    /**
     * Whether the JDK's epoll selector finds keys without allocating. It maps descriptors to keys in
     * a {@code HashMap<Integer, ...>}, so each ready event boxes its descriptor unless the Integer
     * cache ({@code -XX:AutoBoxCacheMax}) reaches that high; the JIT does not remove the box.
     */
    public static boolean descriptorsUnboxed() {
        Integer a = 65_535;
        Integer b = 65_535;
        return a == b;
    }

    /** For allocation measurements. */
    long[] ioThreadIds() {
        return loops.stream().mapToLong(IoLoop::threadId).toArray();
    }

    private CallSession newSession(String callId, OfferRequest r) {
        MediaInterface a = pick(r.offererFamily(), false);
        MediaInterface b = r.answererFamily() == null ? a : pick(r.answererFamily(), true);
        IoLoop loop = loops.get(Math.floorMod(nextLoop.getAndIncrement(), loops.size()));
        return new CallSession(callId, loop, a, b);
    }

    private MediaInterface pick(ProtocolFamily family, boolean required) {
        for (MediaInterface i : interfaces) {
            if (i.family() == family) {
                return i;
            }
        }
        if (required) {
            String name = family == StandardProtocolFamily.INET ? "IP4" : "IP6";
            throw new RelayException("address family " + name + ": this relay has no " + (family == StandardProtocolFamily.INET ? "IPv4" : "IPv6")
                    + " media address");
        }
        return interfaces.get(0);
    }

    /** A call whose first offer failed: nothing of it may stay behind. */
    private void discard(CallSession s) {
        calls.remove(s.callId, s);
        try {
            s.loop.call(() -> {
                s.loop.close(s);
                return null;
            });
        } catch (RelayException e) {
            LOG.warn("call {}: cleaning up after a failed offer: {}", s.callId, e.getMessage());
        }
    }

    /** On the call's I/O thread. */
    private void reap(CallSession s) {
        calls.remove(s.callId, s);
        s.loop.close(s);
    }

    private void checkRunning() {
        if (!running) {
            throw new RelayException("the relay is not running");
        }
    }
}
