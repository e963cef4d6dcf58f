package org.palisade.web.relays;

import java.util.Map;

/**
 * Whether each relay node answers, as this node's relay pool last found it (its ng pings). The
 * pool lives in media-relay and the server module, which implement this.
 */
@FunctionalInterface
public interface RelayHealthSource {

    /**
     * @return up or not, by node name; a node the pool has not seen yet (just added) or a node that
     *         anchors no media has no entry
     */
    Map<String, Boolean> health();

    /** A node that anchors no media: nothing is known. */
    RelayHealthSource NONE = Map::of;
}
