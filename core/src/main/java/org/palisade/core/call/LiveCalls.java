package org.palisade.core.call;

import java.util.List;

/** The calls up on this node, for the admin UI: listed, and ended by an admin. */
public interface LiveCalls {

    List<ActiveCall> active();

    /**
     * Ends the call: a BYE to each side, recorded as hung up by SYSTEM.
     *
     * @return false when no such call is up on this node
     */
    boolean end(String callId, String why);

    /** A node that carries no calls (a relay-only process, or SIP not started yet). */
    LiveCalls NONE = new LiveCalls() {
        @Override
        public List<ActiveCall> active() {
            return List.of();
        }

        @Override
        public boolean end(String callId, String why) {
            return false;
        }
    };
}
