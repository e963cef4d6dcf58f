package org.palisade.web.dialplan;

import java.util.List;
import java.util.function.Supplier;
import org.palisade.core.trunk.Trunk;

/**
 * Each trunk's live state on this node, for {@code GET /api/trunks/status} and the dashboard: the
 * stored trunks joined with what the node's OPTIONS checks, registrations and call slots say.
 * What only the node knows comes in through {@link NodeState}, which the server module implements.
 */
public final class TrunkStatusSource {

    /**
     * One trunk now.
     *
     * @param up         its peer answers OPTIONS (true), does not (false), or not known: not checked
     *                   yet, disabled, or a node that checks no trunks (null)
     * @param registered for a registering trunk, whether this node is registered at its peer now;
     *                   null for a static trunk, or when this node keeps no registrations
     * @param inUse      calls holding one of its slots on this node
     * @param maxCalls   its limit, 0 for none
     */
    public record TrunkStatus(String name, boolean enabled, Boolean up, Boolean registered, int inUse, int maxCalls) {
    }

    /** What the node knows of a trunk, by its (lower-case) name. Answered from memory. */
    public interface NodeState {

        /** @return the last OPTIONS check's verdict; null when not checked (yet) */
        Boolean up(String trunk);

        /** @return whether this node holds a registration at the trunk's peer; null when it keeps none at all */
        Boolean registered(String trunk);

        int inUse(String trunk);

        /** A node that checks, registers and routes nothing. */
        NodeState NONE = new NodeState() {
            @Override
            public Boolean up(String trunk) {
                return null;
            }

            @Override
            public Boolean registered(String trunk) {
                return null;
            }

            @Override
            public int inUse(String trunk) {
                return 0;
            }
        };
    }

    private final Supplier<List<Trunk>> trunks;
    private final NodeState node;

    /** @param trunks the stored trunks (e.g. {@code TrunkAdministration::trunks}) */
    public TrunkStatusSource(Supplier<List<Trunk>> trunks, NodeState node) {
        this.trunks = trunks;
        this.node = node;
    }

    /** Every stored trunk, by name. Reads the trunk list from the database once. */
    public List<TrunkStatus> status() {
        return trunks.get().stream().map(this::of).toList();
    }

    private TrunkStatus of(Trunk t) {
        Boolean up = t.enabled() ? node.up(t.name()) : null; // disabled trunks are not checked
        Boolean registered = null;
        if (t.register()) {
            Boolean r = node.registered(t.name());
            registered = r == null ? null : t.enabled() && r;
        }
        return new TrunkStatus(t.name(), t.enabled(), up, registered, node.inUse(t.name()), t.maxCalls());
    }
}
