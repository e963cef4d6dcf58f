package org.palisade.db;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.palisade.core.relay.RelayNode;
import org.palisade.core.storage.RelayNodeStore;

final class SqlRelayNodeStore implements RelayNodeStore {

    private final RelayNodeMapper mapper;
    private final Clock clock;

    SqlRelayNodeStore(RelayNodeMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    @Override
    public List<RelayNode> list() {
        return mapper.list().stream().map(SqlRelayNodeStore::toNode).toList();
    }

    @Override
    public Optional<RelayNode> find(String name) {
        return mapper.find(key(name)).map(SqlRelayNodeStore::toNode);
    }

    @Override
    public void insert(RelayNode node) {
        Conflicts.translate("relay node " + node.name(), () -> mapper.insert(
                new RelayNodeMapper.Row(node.name(), node.ngHost(), node.ngPort(), node.weight()), clock.millis()));
    }

    @Override
    public boolean delete(String name) {
        return mapper.delete(key(name)) > 0;
    }

    /** Names are stored in lower case (see RelayNode), so lookups are made in lower case too. */
    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static RelayNode toNode(RelayNodeMapper.Row row) {
        return new RelayNode(row.name(), row.ngHost(), row.ngPort(), row.weight());
    }
}
