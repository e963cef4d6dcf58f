package org.palisade.db;

import java.time.Clock;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.palisade.core.extension.Extension;
import org.palisade.core.storage.ExtensionStore;

final class SqlExtensionStore implements ExtensionStore {

    private final ExtensionMapper mapper;
    private final Clock clock;

    SqlExtensionStore(ExtensionMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    @Override
    public Optional<Extension> find(String number) {
        return mapper.find(number);
    }

    @Override
    public List<Extension> list() {
        return mapper.list();
    }

    @Override
    public void insert(Extension extension) {
        Conflicts.translate("extension " + extension.number(), () -> mapper.insert(extension, clock.millis()));
    }

    @Override
    public void update(Extension extension) {
        int rows = Conflicts.translate("extension " + extension.number(), () -> mapper.update(extension, clock.millis()));
        if (rows == 0) {
            throw new NoSuchElementException("extension " + extension.number() + " does not exist");
        }
    }

    @Override
    public void delete(String number) {
        if (mapper.delete(number) == 0) {
            throw new NoSuchElementException("extension " + number + " does not exist");
        }
    }
}
