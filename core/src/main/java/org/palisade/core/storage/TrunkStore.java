package org.palisade.core.storage;

import java.util.List;
import java.util.Optional;
import org.palisade.core.trunk.Trunk;

public interface TrunkStore {

    Optional<Trunk> find(String name);

    /** By name. */
    List<Trunk> list();

    void insert(Trunk trunk);

    void update(Trunk trunk);

    void delete(String name);
}
