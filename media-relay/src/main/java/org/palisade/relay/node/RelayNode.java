package org.palisade.relay.node;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.palisade.relay.engine.PortPool;
import org.palisade.relay.engine.RelayEngine;
import org.palisade.relay.ng.NgServer;

/**
 * A relay node on its own: the RTP engine and its ng control server, with no database and no
 * SIP. What {@code palisade relay} runs, and what tests start on loopback.
 */
public final class RelayNode {

    private final RelaySettings settings;
    private final RelayEngine engine;
    private final NgServer ng;
    private boolean started;
    private boolean stopped;

    public RelayNode(RelaySettings settings) {
        this.settings = settings;
        this.engine = new RelayEngine(settings.mediaInterfaces(), new PortPool(settings.portMin(), settings.portMax()),
                settings.ioThreads(), settings.orphanTimeout());
        this.ng = new NgServer(settings.ngAddress(), engine);
    }

    /**
     * Starts the engine, then the control socket, so no command arrives before packets can flow.
     *
     * @throws IOException when the ng socket cannot be bound (the message names the address)
     */
    public synchronized void start() throws IOException {
        if (started) {
            throw new IllegalStateException("relay node: already started");
        }
        started = true;
        engine.start();
        try {
            ng.start();
        } catch (IOException | RuntimeException e) {
            engine.stop();
            throw e;
        }
    }

    /** Control socket first, then the engine, which frees every port. Idempotent. */
    public synchronized void stop() {
        if (!started || stopped) {
            return;
        }
        stopped = true;
        ng.stop();
        engine.stop();
    }

    public RelaySettings settings() {
        return settings;
    }

    /** Where the ng socket listens (the real port when the settings asked for 0). */
    public InetSocketAddress ngAddress() {
        return ng.localAddress();
    }

    public int ngPort() {
        return ngAddress().getPort();
    }

    public RelayEngine engine() {
        return engine;
    }

    public RelayStats stats() {
        PortPool ports = engine.ports();
        return new RelayStats(engine.activeCalls(), engine.packetsRelayed(), engine.bytesRelayed(), ports.free(), ports.total());
    }
}
