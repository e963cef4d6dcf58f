package org.palisade.core.storage;

import java.util.List;
import java.util.Optional;
import org.palisade.core.trunk.Route;

/** The outbound dial plan. Positions stay 1..n without gaps: inserting and deleting move the routes after it. */
public interface RouteStore {

    /**
     * Locks the dial plan until the transaction ends, so that two admins changing the order queue
     * instead of interleaving their moves. Take it before reading what a change depends on.
     */
    void lock();

    Optional<Route> find(String name);

    /** In dial-plan order. */
    List<Route> list();

    /** Inserts at {@code route.position()}; the route there and those after it move down by one. */
    void insert(Route route);

    /** The routes after it move up by one. */
    void delete(String name);

    /** The names of the routes that offer calls to {@code trunk}, by name. */
    List<String> usingTrunk(String trunk);
}
