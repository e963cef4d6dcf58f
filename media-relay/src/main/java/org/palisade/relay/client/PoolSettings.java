package org.palisade.relay.client;

import java.time.Duration;

/**
 * How often the pool checks its nodes.
 *
 * @param pingInterval    between ng pings to each node; two missed in a row mark it down
 * @param refreshInterval between re-reads of the node list, so that {@code relay-node add}
 *                        and {@code remove} reach a running server without a restart
 */
public record PoolSettings(Duration pingInterval, Duration refreshInterval) {

    public static final PoolSettings DEFAULTS = new PoolSettings(Duration.ofSeconds(2), Duration.ofSeconds(5));

    public PoolSettings {
        if (pingInterval == null || pingInterval.toMillis() < 1 || refreshInterval == null || refreshInterval.toMillis() < 1) {
            throw new IllegalArgumentException("relay pool: ping and refresh intervals must be at least 1 ms");
        }
    }
}
