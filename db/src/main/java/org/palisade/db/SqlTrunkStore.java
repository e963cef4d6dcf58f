package org.palisade.db;

import java.time.Clock;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.palisade.core.storage.TrunkStore;
import org.palisade.core.trunk.Transport;
import org.palisade.core.trunk.Trunk;

final class SqlTrunkStore implements TrunkStore {

    private final TrunkMapper mapper;
    private final Clock clock;

    SqlTrunkStore(TrunkMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    @Override
    public Optional<Trunk> find(String name) {
        return mapper.find(name).map(SqlTrunkStore::toTrunk);
    }

    @Override
    public List<Trunk> list() {
        return mapper.list().stream().map(SqlTrunkStore::toTrunk).toList();
    }

    @Override
    public void insert(Trunk trunk) {
        Conflicts.translate("trunk " + trunk.name(), () -> mapper.insert(trunk, trunk.transport().name(), clock.millis()));
    }

    @Override
    public void update(Trunk trunk) {
        if (mapper.update(trunk, trunk.transport().name(), clock.millis()) == 0) {
            throw new NoSuchElementException("trunk " + trunk.name() + " does not exist");
        }
    }

    @Override
    public void delete(String name) {
        int rows = Conflicts.translate("trunk " + name, () -> mapper.delete(name));
        if (rows == 0) {
            throw new NoSuchElementException("trunk " + name + " does not exist");
        }
    }

    private static Trunk toTrunk(TrunkMapper.Row r) {
        return new Trunk(r.name(), r.peerHost(), r.peerPort(), Transport.valueOf(r.transport()), r.registering(), r.username(),
                r.passwordSealed(), r.maxCalls(), r.priority(), r.enabled());
    }
}
