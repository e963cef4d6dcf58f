package org.palisade.relay.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One I/O thread: a selector over the sockets of the calls it owns, one direct buffer reused for
 * every datagram, and a queue through which signalling hands it work. {@code select(Consumer)}
 * calls back per ready key without filling the selected-key set, so a round allocates no
 * iterator; together with {@link StreamSocket#pump} the steady packet path allocates nothing.
 */
final class IoLoop implements Runnable {

    /** Called on the loop when a call has been idle past the orphan timeout. */
    interface Reaper {
        void reap(CallSession session);
    }

    private static final Logger LOG = LoggerFactory.getLogger(IoLoop.class);
    /** Datagrams taken from one socket before the others get their turn. */
    private static final int BURST = 64;
    private static final long CALL_TIMEOUT_MILLIS = 2000;

    final int index;
    private final Selector selector;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Consumer<SelectionKey> onReady = this::onReady;
    private final List<CallSession> sessions = new ArrayList<>();
    private final PortPool pool;
    private final Reaper reaper;
    private final long orphanMillis;
    private final long sweepMillis;
    private final Thread thread;
    private volatile boolean running = true;

    private long packets;
    private long bytes;
    private volatile long publishedPackets;
    private volatile long publishedBytes;

    IoLoop(int index, PortPool pool, long orphanMillis, Reaper reaper) throws IOException {
        this.index = index;
        this.pool = pool;
        this.reaper = reaper;
        this.orphanMillis = orphanMillis;
        this.sweepMillis = Math.max(10, Math.min(1000, orphanMillis / 4));
        this.selector = Selector.open();
        this.thread = new Thread(this, "relay-io-" + index);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    long threadId() {
        return thread.getId();
    }

    long packetsRelayed() {
        return publishedPackets;
    }

    long bytesRelayed() {
        return publishedBytes;
    }

    /** Queues {@code task} for the loop and wakes it. */
    void execute(Runnable task) {
        if (!running) {
            throw new RelayException("the relay is stopping");
        }
        tasks.add(task);
        selector.wakeup();
    }

    /**
     * Runs {@code task} on the loop and waits for it.
     *
     * @throws RelayException what the task threw, or a timeout when the loop did not get to it
     */
    <T> T call(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get(CALL_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new RelayException("relay I/O thread " + index + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new RelayException("relay I/O thread " + index + " did not answer within " + CALL_TIMEOUT_MILLIS + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RelayException("interrupted while waiting for relay I/O thread " + index);
        }
    }

    /** Loop only: the call's sockets are registered here from now on. */
    void adopt(CallSession s) {
        if (!s.adopted) {
            s.adopted = true;
            sessions.add(s);
        }
    }

    /** Loop only: tears the call down. */
    void close(CallSession s) {
        s.close(pool);
        sessions.remove(s);
        try {
            // flushes the cancelled keys, so the closed sockets really let go of their ports now
            selector.selectNow(onReady);
        } catch (IOException e) {
            LOG.debug("relay I/O thread {}: selectNow after a close: {}", index, e.toString());
        }
    }

    Selector selector() {
        return selector;
    }

    void stop() {
        running = false;
        selector.wakeup();
        try {
            thread.join(CALL_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        long nextSweep = System.currentTimeMillis() + sweepMillis;
        while (running) {
            try {
                selector.select(onReady, sweepMillis);
                runTasks();
                publishedPackets = packets;
                publishedBytes = bytes;
                long now = System.currentTimeMillis();
                if (now >= nextSweep) {
                    sweep(now);
                    nextSweep = now + sweepMillis;
                }
            } catch (Throwable t) {
                // a bug must cost at most one round, never the relay
                LOG.error("relay I/O thread {}: {}", index, t.toString(), t);
            }
        }
        runTasks();
        for (CallSession s : new ArrayList<>(sessions)) {
            close(s);
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("relay I/O thread {}: closing the selector: {}", index, e.toString());
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (Throwable t) {
                LOG.error("relay I/O thread {}: task failed: {}", index, t.toString(), t);
            }
        }
    }

    private void onReady(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        StreamSocket socket = (StreamSocket) key.attachment();
        long now = System.currentTimeMillis();
        try {
            for (int i = 0; i < BURST; i++) {
                int r = socket.pump(buffer, now);
                if (r == StreamSocket.EMPTY) {
                    break;
                }
                if (r >= 0) {
                    packets++;
                    bytes += r;
                }
            }
        } catch (IOException e) {
            LOG.debug("relay I/O thread {}: port {}: {}", index, socket.port, e.toString());
        }
    }

    private void sweep(long now) {
        List<CallSession> idle = null;
        for (int i = 0; i < sessions.size(); i++) {
            CallSession s = sessions.get(i);
            long last = Math.max(s.lastSignal, s.lastPacket());
            if (now - last > orphanMillis) {
                if (idle == null) {
                    idle = new ArrayList<>();
                }
                idle.add(s);
            }
        }
        if (idle != null) {
            for (CallSession s : idle) {
                LOG.info("call {}: no packets and no signalling for {} ms, deleted", s.callId, now - Math.max(s.lastSignal, s.lastPacket()));
                reaper.reap(s);
            }
        }
    }
}
