package org.palisade.core.admin;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import org.palisade.core.relay.RelayNode;
import org.palisade.core.storage.Storage;

/**
 * Adding and removing relay nodes, each change audited as CONFIG_CHANGED in its own
 * transaction. Running proxies pick the change up when they next re-read the list.
 *
 * <p>Errors as in {@link Administration}: {@link IllegalStateException} for a name already
 * taken, {@link NoSuchElementException} for a node that does not exist.
 */
public final class RelayNodeAdministration {

    private static final String ENTITY = "relay-node";
    /** The name each serve gives its own embedded relay in its pool. */
    public static final String EMBEDDED = "embedded";

    private final Storage storage;
    private final Clock clock;

    public RelayNodeAdministration(Storage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    public RelayNode add(String actor, RelayNode node) {
        if (EMBEDDED.equals(node.name())) {
            throw new IllegalArgumentException("name: '" + EMBEDDED + "' is reserved for the relay serve runs itself (relay.embedded)");
        }
        return storage.inTransaction(tx -> {
            if (tx.relayNodes().find(node.name()).isPresent()) {
                throw new IllegalStateException("relay node " + node.name() + " already exists");
            }
            tx.relayNodes().insert(node);
            ConfigChanges.record(tx, clock.millis(), actor, ENTITY, node.name(), "add", null, describe(node));
            return node;
        });
    }

    public void remove(String actor, String name) {
        String key = name == null ? "" : name.toLowerCase(Locale.ROOT);
        storage.inTransaction(tx -> {
            RelayNode before = tx.relayNodes().find(key)
                    .orElseThrow(() -> new NoSuchElementException("relay node " + name + " does not exist"));
            // Another admin may have removed it since the find; their entry, not a second one, records that.
            if (!tx.relayNodes().delete(key)) {
                throw new NoSuchElementException("relay node " + name + " does not exist");
            }
            ConfigChanges.record(tx, clock.millis(), actor, ENTITY, key, "remove", describe(before), null);
            return null;
        });
    }

    public List<RelayNode> list() {
        return storage.inTransaction(tx -> tx.relayNodes().list());
    }

    private static Map<String, Object> describe(RelayNode node) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ng", node.ngAddress());
        m.put("weight", node.weight());
        return m;
    }
}
