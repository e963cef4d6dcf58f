package org.palisade.db;

import java.util.EnumSet;
import java.util.Set;
import org.palisade.core.rights.ServiceRight;
import org.palisade.core.storage.ServiceStore;

final class SqlServiceStore implements ServiceStore {

    private final ServiceMapper mapper;

    SqlServiceStore(ServiceMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public Set<ServiceRight> disabled() {
        Set<ServiceRight> off = EnumSet.noneOf(ServiceRight.class);
        mapper.disabled().forEach(label -> off.add(ServiceRight.parse(label)));
        return off;
    }

    @Override
    public boolean disable(ServiceRight service, String actor, long nowMillis) {
        return mapper.disable(service.label(), actor.length() > 128 ? actor.substring(0, 128) : actor, nowMillis) > 0;
    }

    @Override
    public boolean enable(ServiceRight service) {
        return mapper.enable(service.label()) > 0;
    }
}
