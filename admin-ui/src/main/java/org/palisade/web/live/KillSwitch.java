package org.palisade.web.live;

/**
 * This node's side of the kill switch. Every node re-reads the switches from the database about
 * once a second and ends the calls using a service switched off; this lets the node serving the
 * request do it at once and say how many of its calls it ended. The server module implements it.
 */
@FunctionalInterface
public interface KillSwitch {

    /**
     * Runs {@code change}, which commits new switch states, then applies them on this node at once,
     * without the node's own once-a-second pass ending those calls in between (so none goes uncounted).
     *
     * @return how many answered calls on this node were ended because they use a service now off
     */
    int apply(Runnable change);

    /** A node that carries no calls: the change alone. */
    KillSwitch NONE = change -> {
        change.run();
        return 0;
    };
}
