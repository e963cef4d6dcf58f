package org.palisade.db;

import java.time.Clock;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.palisade.core.rights.RightsProfile;
import org.palisade.core.rights.ServiceRight;
import org.palisade.core.storage.ProfileStore;

final class SqlProfileStore implements ProfileStore {

    private final ProfileMapper mapper;
    private final Clock clock;

    SqlProfileStore(ProfileMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    @Override
    public Optional<RightsProfile> find(String name) {
        return mapper.find(name).map(SqlProfileStore::toProfile);
    }

    @Override
    public List<RightsProfile> list() {
        return mapper.list().stream().map(SqlProfileStore::toProfile).toList();
    }

    @Override
    public void insert(RightsProfile profile) {
        Conflicts.translate("profile " + profile.name(),
                () -> mapper.insert(profile.name(), ServiceRight.labels(profile.rights()), clock.millis()));
    }

    @Override
    public void update(RightsProfile profile) {
        if (mapper.update(profile.name(), ServiceRight.labels(profile.rights()), clock.millis()) == 0) {
            throw new NoSuchElementException("profile " + profile.name() + " does not exist");
        }
    }

    @Override
    public int countExtensionsUsing(String name) {
        return mapper.countExtensionsUsing(name);
    }

    private static RightsProfile toProfile(ProfileMapper.Row row) {
        return new RightsProfile(row.name(), ServiceRight.parseList(row.rights()));
    }
}
