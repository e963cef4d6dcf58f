package org.palisade.relay.client;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.palisade.core.media.MediaAnchor;
import org.palisade.core.media.MediaLegs;
import org.palisade.core.media.MediaStats;
import org.palisade.core.media.RelayUnavailableException;
import org.palisade.core.relay.RelayNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay nodes admins configured, as one {@link MediaAnchor}: a new call goes to a healthy
 * node picked at random by weight (the next one if it fails), and everything later in that call
 * goes to the same node, which holds its ports and counters.
 *
 * <p>The node list is re-read from its supplier (the database) every
 * {@link PoolSettings#refreshInterval()}, and every node is pinged every
 * {@link PoolSettings#pingInterval()}; see {@link NodeHealth} for up and down. The pool
 * never leaves a call unanchored: with no node to take it, {@link #offer} throws.
 *
 * <p>Lifecycle: {@link #start} before use, {@link #stop} at the end. The {@link NgClient} is the
 * caller's and stays open.
 */
public final class RelayPool implements MediaAnchor, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RelayPool.class);

    private final Supplier<List<RelayNode>> source;
    private final NgClient client;
    private final PoolSettings settings;
    private final RandomGenerator random;
    private final Map<String, Anchored> calls = new ConcurrentHashMap<>();
    private volatile List<NodeHealth> nodes = List.of();
    private ScheduledExecutorService ticker;

    /** The node of one call, and who offered first: that party is the CDR's caller. */
    private record Anchored(String node, InetSocketAddress address, String callerTag) {
    }

    public RelayPool(Supplier<List<RelayNode>> nodes, NgClient client, PoolSettings settings) {
        this(nodes, client, settings, RandomGenerator.of("L64X128MixRandom"));
    }

    /** With a given random source, so tests can repeat a sequence of choices. */
    RelayPool(Supplier<List<RelayNode>> nodes, NgClient client, PoolSettings settings, RandomGenerator random) {
        this.source = nodes;
        this.client = client;
        this.settings = settings;
        this.random = random;
    }

    /**
     * Reads the nodes and pings them, waiting (at most one request timeout) for the answers,
     * so that calls arriving right after start find the nodes that are up; then keeps checking.
     */
    public synchronized void start() {
        if (ticker != null) {
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "relay-pool");
            t.setDaemon(true);
            return t;
        });
        List<CompletableFuture<Void>> first = refresh();
        try {
            CompletableFuture.allOf(first.toArray(CompletableFuture[]::new))
                    .get(client.requestTimeout().toMillis() + 200, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.debug("relay pool: not every node answered its first ping");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long refresh = settings.refreshInterval().toMillis();
        long ping = settings.pingInterval().toMillis();
        ticker.scheduleWithFixedDelay(this::refreshQuietly, refresh, refresh, TimeUnit.MILLISECONDS);
        ticker.scheduleWithFixedDelay(this::pingAll, ping, ping, TimeUnit.MILLISECONDS);
    }

    /** Stops checking. Calls still anchored stay on their nodes until {@link #delete}. */
    public synchronized void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Every configured node, by name as the supplier listed them. */
    public List<RelayNodeStatus> status() {
        return nodes.stream().map(NodeHealth::status).toList();
    }

    @Override
    public byte[] offer(MediaLegs legs, byte[] sdp) {
        Map<String, Object> command = sdpCommand("offer", legs, sdp);
        Anchored known = calls.get(legs.callId());
        if (known != null) {
            return exchange(known, command);
        }
        List<NodeHealth> all = nodes;
        List<NodeHealth> healthy = all.stream().filter(n -> n.up() && n.address != null).toList();
        if (healthy.isEmpty()) {
            throw new RelayUnavailableException("call " + legs.callId() + ": no relay node is up" + describe(all));
        }
        List<String> tried = new ArrayList<>();
        for (NodeHealth node : WeightedOrder.of(healthy, random)) {
            try {
                Map<String, Object> reply = client.request(node.address, command);
                byte[] out = sdpOf(reply, node.name());
                calls.put(legs.callId(), new Anchored(node.name(), node.address, legs.fromTag()));
                return out;
            } catch (NgErrorReply e) {
                // it answered, so it stays up; "Ran out of ports" on one node says nothing of the next
                node.refused(e.reason());
                tried.add(node.name() + " (refused: " + e.reason() + ")");
            } catch (RelayUnavailableException e) {
                node.refused(e.getMessage());
                tried.add(node.name() + " (" + e.getMessage() + ")");
            } catch (NgException e) {
                node.failed(e.getMessage());
                tried.add(node.name() + " (" + e.getMessage() + ")");
            }
        }
        throw new RelayUnavailableException("call " + legs.callId() + ": no relay node took the offer; tried " + String.join(", ", tried));
    }

    @Override
    public byte[] answer(MediaLegs legs, byte[] sdp) {
        Anchored known = calls.get(legs.callId());
        if (known == null) {
            throw new RelayUnavailableException("call " + legs.callId() + ": no relay node has its offer");
        }
        return exchange(known, sdpCommand("answer", legs, sdp));
    }

    @Override
    public Optional<MediaStats> delete(String callId) {
        Anchored known = calls.remove(callId);
        if (known == null) {
            return Optional.empty();
        }
        // The from-tag makes rtpengine return the final counters; with the call-id alone it says only "ok".
        return counters(known, Map.of("command", "delete", "call-id", callId, "from-tag", known.callerTag()));
    }

    @Override
    public Optional<MediaStats> query(String callId) {
        Anchored known = calls.get(callId);
        if (known == null) {
            return Optional.empty();
        }
        NodeHealth node = current(known);
        if (node != null && !node.up()) {
            return Optional.empty(); // a down node would only make the caller wait for the timeout
        }
        return counters(known, Map.of("command", "query", "call-id", callId, "from-tag", known.callerTag()));
    }

    /** An offer or answer for a call already on a node: only that node has its state, so there is no failover. */
    private byte[] exchange(Anchored known, Map<String, Object> command) {
        try {
            return sdpOf(client.request(known.address(), command), known.node());
        } catch (NgErrorReply e) {
            NodeHealth node = current(known);
            if (node != null) {
                node.refused(e.reason());
            }
            throw new RelayUnavailableException("relay node " + known.node() + " refused the " + command.get("command") + ": " + e.reason(), e);
        } catch (NgException e) {
            fail(known, e.getMessage());
            throw new RelayUnavailableException("relay node " + known.node() + ": " + e.getMessage(), e);
        }
    }

    private Optional<MediaStats> counters(Anchored known, Map<String, Object> command) {
        try {
            return Optional.of(NgStats.parse(client.request(known.address(), command), known.callerTag()));
        } catch (NgErrorReply e) {
            return Optional.empty(); // "Unknown call-id": the relay timed the call out, or restarted
        } catch (NgException e) {
            fail(known, e.getMessage());
            LOG.warn("relay node {}: {} of call {} failed: {}", known.node(), command.get("command"), command.get("call-id"), e.getMessage());
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.warn("relay node {}: {} of call {}: unreadable reply", known.node(), command.get("command"), command.get("call-id"), e);
            return Optional.empty();
        }
    }

    private static Map<String, Object> sdpCommand(String name, MediaLegs legs, byte[] sdp) {
        Map<String, Object> command = new HashMap<>();
        command.put("command", name);
        command.put("call-id", legs.callId());
        command.put("from-tag", legs.fromTag());
        if (legs.toTag() != null) {
            command.put("to-tag", legs.toTag());
        }
        command.put("sdp", new String(sdp, StandardCharsets.UTF_8));
        // The phones must learn nothing of each other: no address in o= or c=, and no ICE
        // candidates that would let them find a direct path around the relay. rtcp-mux is left
        // to the phones: rtpengine passes an offered a=rtcp-mux on and adds none of its own.
        command.put("replace", List.of("origin", "session-connection"));
        command.put("ICE", "remove");
        return command;
    }

    private static byte[] sdpOf(Map<String, Object> reply, String node) {
        if (!(reply.get("sdp") instanceof String sdp)) {
            throw new RelayUnavailableException("relay node " + node + " replied without SDP");
        }
        return sdp.getBytes(StandardCharsets.UTF_8);
    }

    /** The node as the pool has it now, if it is still the one the call went to. */
    private NodeHealth current(Anchored known) {
        for (NodeHealth n : nodes) {
            if (n.name().equals(known.node()) && known.address().equals(n.address)) {
                return n;
            }
        }
        return null;
    }

    private void fail(Anchored known, String why) {
        NodeHealth node = current(known);
        if (node != null) {
            node.failed(why);
        }
    }

    private static String describe(List<NodeHealth> all) {
        if (all.isEmpty()) {
            return " (none is configured: relay-node add)";
        }
        List<String> each = all.stream().map(n -> n.name() + ": " + n.status().lastError()).toList();
        return " (" + String.join("; ", each) + ")";
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn("relay pool: refresh failed: {}", e.toString());
        }
    }

    /**
     * Takes the supplier's list as the new set of nodes, keeping the health of the unchanged
     * ones; new or changed nodes start down and are pinged at once.
     *
     * @return those pings
     */
    private List<CompletableFuture<Void>> refresh() {
        List<RelayNode> wanted;
        try {
            wanted = source.get();
        } catch (RuntimeException e) {
            // the database may be down for a moment: the nodes known so far are the best guess
            LOG.warn("relay pool: cannot read the relay nodes, keeping the last known: {}", e.toString());
            return List.of();
        }
        Map<String, NodeHealth> old = new HashMap<>();
        nodes.forEach(n -> old.put(n.name(), n));
        Map<String, NodeHealth> next = new LinkedHashMap<>();
        List<CompletableFuture<Void>> pings = new ArrayList<>();
        for (RelayNode node : wanted) {
            NodeHealth kept = old.get(node.name());
            if (kept != null && kept.node.equals(node) && kept.address != null) {
                next.put(node.name(), kept);
            } else if (!next.containsKey(node.name())) {
                NodeHealth fresh = new NodeHealth(node);
                next.put(node.name(), fresh);
                if (kept == null) {
                    LOG.info("relay pool: node {} at {} (weight {}) added", node.name(), node.ngAddress(), node.weight());
                }
                pings.add(ping(fresh));
            }
        }
        old.keySet().stream().filter(name -> !next.containsKey(name))
                .forEach(name -> LOG.info("relay pool: node {} removed; its calls stay on it until they end", name));
        nodes = List.copyOf(next.values());
        return pings;
    }

    private void pingAll() {
        try {
            nodes.forEach(this::ping);
        } catch (RuntimeException e) {
            LOG.warn("relay pool: ping round failed: {}", e.toString());
        }
    }

    /** One ping at a time per node: a slow node is not sent a second before the first has its answer or timeout. */
    private CompletableFuture<Void> ping(NodeHealth node) {
        if (node.address == null || !node.pinging.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        return client.send(node.address, Map.of("command", "ping")).handle((reply, error) -> {
            node.pinging.set(false);
            if (error == null) {
                node.pong();
            } else {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                node.missedPing("ping: " + cause.getMessage());
            }
            return null;
        });
    }
}
