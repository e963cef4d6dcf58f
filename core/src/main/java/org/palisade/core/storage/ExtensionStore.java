package org.palisade.core.storage;

import java.util.List;
import java.util.Optional;
import org.palisade.core.extension.Extension;

public interface ExtensionStore {

    Optional<Extension> find(String number);

    List<Extension> list();

    void insert(Extension extension);

    void update(Extension extension);

    void delete(String number);
}
