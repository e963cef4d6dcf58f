package org.palisade.web.dialplan;

import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;
import org.palisade.core.account.Role;
import org.palisade.core.admin.TrunkAdministration;
import org.palisade.core.trunk.NewRoute;
import org.palisade.core.trunk.Route;
import org.palisade.web.api.ApiRequest;
import org.palisade.web.api.ApiResponse;
import org.palisade.web.api.Routes;

/**
 * {@code /api/routes}: the outbound dial plan, as {@code palisade route} manages it. Changes go
 * through {@link TrunkAdministration} (CONFIG_CHANGED, actor {@code web:NAME}).
 *
 * <pre>
 * GET    /api/routes               200 [Route] in the order they are tried
 * POST   /api/routes               {"name","kind":"prefix|regex","pattern","trunks":[...],"strip"?,"prepend"?,"position"?}  201 Route
 * DELETE /api/routes/{name}        204, 404
 * GET    /api/routes/test?number=N 200 {"dialled","kind","e164","route","number","trunks"}; 404 when no route matches
 * </pre>
 *
 * Core names a bad pattern {@code prefix} or {@code regex} and a bad trunk {@code trunk}, as the
 * CLI's options are called; here they are the request's fields, {@code pattern} and {@code trunks}.
 */
public final class RouteApi {

    public static final String PATH = "/api/routes";
    private static final Set<Role> READERS = Set.of(Role.ADMIN, Role.AUDITOR);
    private static final Set<Role> ADMIN = Set.of(Role.ADMIN);

    /** POST body. */
    record NewRouteBody(String name, String kind, String pattern, List<String> trunks, Integer strip, String prepend,
                        Integer position) {
    }

    /** What the API shows of a route: the CLI's {@code route list --json} row. */
    record RouteView(int position, String name, String kind, String pattern, int strip, String prepend, List<String> trunks) {
        static RouteView of(Route r) {
            return new RouteView(r.position(), r.name(), r.kind().label(), r.pattern(), r.strip(), r.prepend(), r.trunks());
        }
    }

    private final TrunkAdministration admin;
    private final RouteTester tester;

    public RouteApi(TrunkAdministration admin, RouteTester tester) {
        this.admin = admin;
        this.tester = tester;
    }

    public void register(Routes routes) {
        routes.get(PATH, READERS, req -> ApiResponse.ok(admin.routes().stream().map(RouteView::of).toList()))
                .post(PATH, ADMIN, this::add)
                .get(PATH + "/test", READERS, this::test)
                .delete(PATH + "/{name}", ADMIN, req -> {
                    admin.removeRoute(req.actor(), req.pathParam("name"));
                    return ApiResponse.noContent();
                });
    }

    private ApiResponse add(ApiRequest req) {
        NewRouteBody b = req.body(NewRouteBody.class);
        Route.Kind kind = kind(b.kind());
        try {
            Route created = admin.addRoute(req.actor(), new NewRoute(b.name(), kind, b.pattern(), b.strip(), b.prepend(), b.trunks(),
                    b.position()));
            return ApiResponse.created(RouteView.of(created));
        } catch (IllegalArgumentException e) {
            throw renamed(e);
        }
    }

    private ApiResponse test(ApiRequest req) {
        String number = req.query("number");
        if (number == null || number.isBlank()) {
            throw new IllegalArgumentException("number: required, the number as dialled");
        }
        RouteTester.Result r = tester.test(number.trim());
        if (r.route() == null) {
            throw new NoSuchElementException("no route matches " + r.e164());
        }
        return ApiResponse.ok(r);
    }

    private static Route.Kind kind(String text) {
        if (text == null) {
            throw new IllegalArgumentException("kind: required, prefix or regex");
        }
        try {
            return Route.Kind.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("kind: prefix or regex, got '" + text + "'");
        }
    }

    private static IllegalArgumentException renamed(IllegalArgumentException e) {
        String m = String.valueOf(e.getMessage());
        for (String[] rename : new String[][] {{"prefix: ", "pattern: "}, {"regex: ", "pattern: "}, {"trunk: ", "trunks: "}}) {
            if (m.startsWith(rename[0])) {
                return new IllegalArgumentException(rename[1] + m.substring(rename[0].length()), e);
            }
        }
        return e;
    }
}
