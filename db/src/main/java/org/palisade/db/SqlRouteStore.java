package org.palisade.db;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.Collectors;
import org.palisade.core.storage.RouteStore;
import org.palisade.core.trunk.Route;

final class SqlRouteStore implements RouteStore {

    private final RouteMapper mapper;
    private final Clock clock;

    SqlRouteStore(RouteMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    @Override
    public void lock() {
        mapper.lock();
    }

    @Override
    public Optional<Route> find(String name) {
        return mapper.find(name).map(r -> toRoute(r, mapper.trunksOf(name)));
    }

    @Override
    public List<Route> list() {
        // two queries instead of one per route: the proxy reloads the whole dial plan at once
        Map<String, List<RouteMapper.TrunkRow>> trunks = mapper.allTrunks().stream()
                .collect(Collectors.groupingBy(RouteMapper.TrunkRow::routeName, LinkedHashMap::new, Collectors.toList()));
        return mapper.list().stream().map(r -> toRoute(r, trunks.getOrDefault(r.name(), List.of()))).toList();
    }

    @Override
    public void insert(Route route) {
        Conflicts.translate("route " + route.name(), () -> {
            mapper.shift(route.position(), 1);
            mapper.insert(route, route.kind().name(), clock.millis());
            for (int i = 0; i < route.trunks().size(); i++) {
                mapper.insertTrunk(route.name(), i + 1, route.trunks().get(i));
            }
        });
    }

    @Override
    public void delete(String name) {
        RouteMapper.Row row = mapper.find(name).orElseThrow(() -> new NoSuchElementException("route " + name + " does not exist"));
        mapper.deleteTrunks(name);
        mapper.delete(name);
        mapper.shift(row.routeOrder() + 1, -1);
    }

    @Override
    public List<String> usingTrunk(String trunk) {
        return mapper.usingTrunk(trunk);
    }

    private static Route toRoute(RouteMapper.Row r, List<RouteMapper.TrunkRow> trunks) {
        return new Route(r.name(), r.routeOrder(), Route.Kind.valueOf(r.kind()), r.pattern(), r.strip(), r.prepend(),
                trunks.stream().map(RouteMapper.TrunkRow::trunkName).toList());
    }
}
