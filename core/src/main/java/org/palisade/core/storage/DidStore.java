package org.palisade.core.storage;

import java.util.List;
import java.util.Optional;
import org.palisade.core.trunk.Did;

public interface DidStore {

    /** @param number E.164 */
    Optional<Did> find(String number);

    /** By number. */
    List<Did> list();

    void insert(Did did);

    void delete(String number);
}
