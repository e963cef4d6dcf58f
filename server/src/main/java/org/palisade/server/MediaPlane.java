package org.palisade.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.palisade.core.media.MediaAnchor;
import org.palisade.core.relay.RelayNode;
import org.palisade.core.storage.Storage;
import org.palisade.relay.client.NgClient;
import org.palisade.relay.client.PoolSettings;
import org.palisade.relay.client.RelayNodeStatus;
import org.palisade.relay.client.RelayPool;
import org.palisade.relay.engine.IpLiteral;
import org.palisade.relay.node.RelaySettings;
import org.slf4j.LoggerFactory;

/**
 * The media side of a node: the relay nodes admins configured (rows in the database, re-read
 * while running) as one pool the proxy anchors calls on, and, when configured, the node's own
 * embedded relay, which joins the pool as the node named {@value #EMBEDDED} and is driven over
 * ng like any other, so that the proxy cannot tell it from an rtpengine.
 */
public final class MediaPlane implements AutoCloseable {

    /** The pool's name for this node's own relay. */
    public static final String EMBEDDED = org.palisade.core.admin.RelayNodeAdministration.EMBEDDED;

    private final Storage storage;
    private final org.palisade.relay.node.RelayNode embedded;
    private final NgClient client;
    private final RelayPool pool;

    /** @param embedded the settings of this node's own relay, or null for none */
    public MediaPlane(Storage storage, RelaySettings embedded, PoolSettings poolSettings) {
        this.storage = storage;
        this.embedded = embedded == null ? null : new org.palisade.relay.node.RelayNode(embedded);
        this.client = new NgClient();
        this.pool = new RelayPool(this::nodes, client, poolSettings);
    }

    /** The database's nodes, and the embedded relay (once started, when its ng port is known). */
    private List<RelayNode> nodes() {
        List<RelayNode> nodes = new ArrayList<>(storage.inTransaction(tx -> tx.relayNodes().list()));
        if (embedded != null && embedded.ngPort() > 0) {
            nodes.add(new RelayNode(EMBEDDED, IpLiteral.format(embedded.ngAddress().getAddress()), embedded.ngPort(),
                    RelayNode.DEFAULT_WEIGHT));
        }
        return nodes;
    }

    /** @throws IOException when the embedded relay cannot bind its ng socket */
    public void start() throws IOException {
        if (embedded != null) {
            embedded.start();
            LoggerFactory.getLogger(MediaPlane.class).info("embedded relay: ng on {}, media ports {}-{}", embedded.ngAddress(),
                    embedded.settings().portMin(), embedded.settings().portMax());
        }
        pool.start();
    }

    public MediaAnchor anchor() {
        return pool;
    }

    public List<RelayNodeStatus> status() {
        return pool.status();
    }

    /** This node's own relay, or null. */
    public org.palisade.relay.node.RelayNode embedded() {
        return embedded;
    }

    @Override
    public void close() {
        pool.stop();
        client.close();
        if (embedded != null) {
            embedded.stop();
        }
    }
}
