package org.palisade.core.storage;

import java.util.List;
import java.util.Optional;
import org.palisade.core.rights.RightsProfile;

public interface ProfileStore {

    Optional<RightsProfile> find(String name);

    List<RightsProfile> list();

    void insert(RightsProfile profile);

    void update(RightsProfile profile);

    int countExtensionsUsing(String name);
}
