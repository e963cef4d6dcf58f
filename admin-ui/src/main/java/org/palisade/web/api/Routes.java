package org.palisade.web.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.palisade.core.account.Role;

/**
 * The API's endpoints: a method, a path pattern, the roles admitted, and a handler. Deny by
 * default: every route names its roles, and a route without any is refused at registration.
 * See the package documentation for an example.
 *
 * <p>Safe to register from any thread, also while the server runs; a request sees the routes
 * registered before it arrived.
 */
public final class Routes {

    /** Every role: for endpoints any logged-in user may call (who am I, log out). */
    public static final Set<Role> ANY_ROLE = Collections.unmodifiableSet(EnumSet.allOf(Role.class));

    /** One registered endpoint. */
    public static final class Route {
        private final String method;
        private final PathPattern pattern;
        private final Set<Role> roles;
        private final ApiHandler handler;

        private Route(String method, PathPattern pattern, Set<Role> roles, ApiHandler handler) {
            this.method = method;
            this.pattern = pattern;
            this.roles = roles;
            this.handler = handler;
        }

        public String method() {
            return method;
        }

        public String pattern() {
            return pattern.toString();
        }

        /** Empty for an {@link #open} route. */
        public Set<Role> roles() {
            return roles;
        }

        /** Reachable without a login. */
        public boolean isOpen() {
            return roles.isEmpty();
        }

        public boolean admits(Role role) {
            return roles.contains(role);
        }

        public ApiHandler handler() {
            return handler;
        }

        /** State-changing: needs the CSRF token and a JSON content type. */
        public boolean changesState() {
            return !method.equals("GET") && !method.equals("HEAD");
        }

        @Override
        public String toString() {
            return method + " " + pattern;
        }
    }

    /** What a request's method and path found. */
    public sealed interface Match {
        record Found(Route route, Map<String, String> pathParams) implements Match {
        }

        /** The path exists, for other methods only (405, with {@code Allow}). */
        record WrongMethod(Set<String> allowed) implements Match {
        }

        record NotFound() implements Match {
        }
    }

    private volatile List<Route> routes = List.of();

    public Routes get(String pattern, Set<Role> roles, ApiHandler handler) {
        return add("GET", pattern, requireRoles(pattern, roles), handler);
    }

    public Routes post(String pattern, Set<Role> roles, ApiHandler handler) {
        return add("POST", pattern, requireRoles(pattern, roles), handler);
    }

    public Routes put(String pattern, Set<Role> roles, ApiHandler handler) {
        return add("PUT", pattern, requireRoles(pattern, roles), handler);
    }

    public Routes patch(String pattern, Set<Role> roles, ApiHandler handler) {
        return add("PATCH", pattern, requireRoles(pattern, roles), handler);
    }

    public Routes delete(String pattern, Set<Role> roles, ApiHandler handler) {
        return add("DELETE", pattern, requireRoles(pattern, roles), handler);
    }

    /**
     * A route anyone may call without a login: the login itself, and health and metrics when
     * configured public. Nothing else should be; say why where you use it.
     */
    public Routes open(String method, String pattern, ApiHandler handler) {
        return add(method.toUpperCase(Locale.ROOT), pattern, Set.of(), handler);
    }

    /** Takes {@code method} (upper case) and the path as sent, percent-encoded; path parameters come out decoded. */
    public Match match(String method, String path) {
        Route best = null;
        Map<String, String> bestParams = null;
        Set<String> allowed = new TreeSet<>();
        for (Route r : routes) {
            Map<String, String> params = r.pattern.match(path);
            if (params == null) {
                continue;
            }
            allowed.add(r.method);
            if (r.method.equals(method) && (best == null || r.pattern.compareSpecificity(best.pattern) < 0)) {
                best = r;
                bestParams = params;
            }
        }
        if (best != null) {
            return new Match.Found(best, Collections.unmodifiableMap(bestParams));
        }
        return allowed.isEmpty() ? new Match.NotFound() : new Match.WrongMethod(Collections.unmodifiableSet(allowed));
    }

    /** Every route, in the order registered: for documentation and tests. */
    public List<Route> all() {
        return routes;
    }

    private static Set<Role> requireRoles(String pattern, Set<Role> roles) {
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("route " + pattern + " names no role: deny by default, so say who may call it"
                    + " (Routes.open is only for the login and health endpoints)");
        }
        return Collections.unmodifiableSet(EnumSet.copyOf(roles));
    }

    private synchronized Routes add(String method, String pattern, Set<Role> roles, ApiHandler handler) {
        if (handler == null) {
            throw new IllegalArgumentException("route " + method + " " + pattern + " has no handler");
        }
        PathPattern parsed = PathPattern.parse(pattern);
        for (Route r : routes) {
            if (r.method.equals(method) && r.pattern.sameShape(parsed)) {
                throw new IllegalStateException("route " + method + " " + pattern + " is already registered as " + r);
            }
        }
        List<Route> next = new ArrayList<>(routes);
        next.add(new Route(method, parsed, roles, handler));
        routes = List.copyOf(next);
        return this;
    }
}
