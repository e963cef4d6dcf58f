package org.palisade.core.storage;

import java.util.List;
import java.util.Optional;
import org.palisade.core.relay.RelayNode;

/** The relay nodes admins configured; every proxy node reads them to build its relay pool. */
public interface RelayNodeStore {

    /** By name. */
    List<RelayNode> list();

    Optional<RelayNode> find(String name);

    /** @throws IllegalStateException when a node of that name exists */
    void insert(RelayNode node);

    /** @return false if there was no such node */
    boolean delete(String name);
}
