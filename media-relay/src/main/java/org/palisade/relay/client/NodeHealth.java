package org.palisade.relay.client;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.palisade.core.relay.RelayNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether one node may take new calls. It starts down, because nothing has answered yet; a
 * pong brings it up; two missed pings in a row, or one request it did not answer, take it down.
 * A refusal ({@link NgErrorReply}) is remembered but leaves it up: the node did answer.
 */
final class NodeHealth {

    static final int MISSED_PINGS_FOR_DOWN = 2;
    private static final String NOT_CHECKED = "no ping answered yet";

    private static final Logger LOG = LoggerFactory.getLogger(NodeHealth.class);

    final RelayNode node;
    /** null when the host name did not resolve; the pool tries again on its next refresh. */
    final InetSocketAddress address;
    final AtomicBoolean pinging = new AtomicBoolean();
    private final AtomicInteger missedPings = new AtomicInteger();
    private volatile boolean up;
    private volatile String lastError;

    NodeHealth(RelayNode node) {
        this.node = node;
        InetSocketAddress resolved = new InetSocketAddress(node.ngHost(), node.ngPort());
        this.address = resolved.isUnresolved() ? null : resolved;
        this.lastError = address == null ? "cannot resolve " + node.ngHost() : NOT_CHECKED;
    }

    String name() {
        return node.name();
    }

    boolean up() {
        return up;
    }

    void pong() {
        missedPings.set(0);
        if (lastError == NOT_CHECKED) {
            lastError = null; // that was a state, not an error
        }
        if (!up) {
            up = true;
            LOG.info("relay node {} ({}) is up", node.name(), node.ngAddress());
        }
    }

    void missedPing(String why) {
        lastError = why;
        if (missedPings.incrementAndGet() >= MISSED_PINGS_FOR_DOWN) {
            down(why);
        }
    }

    /** A request went unanswered: the node is down at once, without waiting for the pings to notice. */
    void failed(String why) {
        lastError = why;
        down(why);
    }

    void refused(String why) {
        lastError = why;
    }

    RelayNodeStatus status() {
        return new RelayNodeStatus(node.name(), node.ngAddress(), node.weight(), up, lastError);
    }

    private void down(String why) {
        if (up) {
            up = false;
            LOG.warn("relay node {} ({}) is down: {}", node.name(), node.ngAddress(), why);
        }
    }
}
