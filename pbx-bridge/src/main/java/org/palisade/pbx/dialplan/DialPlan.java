package org.palisade.pbx.dialplan;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.palisade.core.trunk.Route;

/**
 * The outbound dial plan: routes in position order, the first that matches decides. Immutable;
 * build a new one when the routes change. Regular expressions are compiled once, here.
 *
 * <p>A route matches when the dialled number ({@link Dialled#number()}) starts with its prefix, or
 * when its regular expression matches the whole number; and when it has more than {@code strip}
 * characters (a route must never send an empty number). There is no fall-through: when the
 * matching route's trunks are all unusable, the call fails rather than leaving by a route meant
 * for other numbers.
 */
public final class DialPlan {

    private final List<Compiled> routes;

    public DialPlan(List<Route> routes) {
        this.routes = routes.stream()
                .sorted(Comparator.comparingInt(Route::position).thenComparing(Route::name))
                .map(Compiled::new)
                .toList();
    }

    /** The number to send and where to offer it. */
    public record Outbound(String route, String number, List<String> trunks) {
    }

    public List<Route> routes() {
        return routes.stream().map(Compiled::route).toList();
    }

    /** @return empty when no route matches, or when {@code dialled} is invalid */
    public Optional<Outbound> route(Dialled dialled) {
        return route(dialled, trunk -> true);
    }

    /**
     * @param usable  which trunks may be offered the call now (enabled, healthy); the others are left
     *                out of the answer, which may then have no trunks
     */
    public Optional<Outbound> route(Dialled dialled, Predicate<String> usable) {
        if (!dialled.routable()) {
            return Optional.empty();
        }
        String number = dialled.number();
        for (Compiled c : routes) {
            if (c.matches(number)) {
                Route r = c.route();
                return Optional.of(new Outbound(r.name(), r.prepend() + number.substring(r.strip()),
                        r.trunks().stream().filter(usable).toList()));
            }
        }
        return Optional.empty();
    }

    private record Compiled(Route route, Pattern regex) {

        Compiled(Route route) {
            this(route, route.kind() == Route.Kind.REGEX ? Pattern.compile(route.pattern()) : null);
        }

        boolean matches(String number) {
            if (number.length() <= route.strip()) {
                return false;
            }
            return regex == null ? number.startsWith(route.pattern()) : regex.matcher(number).matches();
        }
    }
}
