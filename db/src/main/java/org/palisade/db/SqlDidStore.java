package org.palisade.db;

import java.time.Clock;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.palisade.core.storage.DidStore;
import org.palisade.core.trunk.Did;

final class SqlDidStore implements DidStore {

    private final DidMapper mapper;
    private final Clock clock;

    SqlDidStore(DidMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    @Override
    public Optional<Did> find(String number) {
        return mapper.find(number);
    }

    @Override
    public List<Did> list() {
        return mapper.list();
    }

    @Override
    public void insert(Did did) {
        Conflicts.translate("did " + did.number(), () -> mapper.insert(did, clock.millis()));
    }

    @Override
    public void delete(String number) {
        if (mapper.delete(number) == 0) {
            throw new NoSuchElementException("did " + number + " does not exist");
        }
    }
}
