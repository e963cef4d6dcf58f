package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.palisade.core.account.Role;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.server.testing.TestServer;
import org.palisade.web.api.Routes;

/**
 * Keeps docs/API.md true: the routes table there (method, path, roles) must list exactly the
 * routes a node serves, each with the roles it admits. A route served but not documented, one
 * documented but not served, or different roles, fails with the list of all differences.
 * Path parameter names are not compared (clients never see them): {@code /api/trunks/{name}} and
 * {@code /api/trunks/{trunk}} are the same route.
 */
class ApiDocumentationTest {

    /** A row of the routes table: | METHOD | /path | roles | ... */
    private static final Pattern ROW = Pattern.compile("^\\|\\s*(GET|POST|PUT|PATCH|DELETE|HEAD)\\s*\\|\\s*(\\S+)\\s*\\|([^|]*)\\|");
    private static final Pattern PARAM = Pattern.compile("\\{[^}/]*}");

    @Test
    void everyServedRouteIsDocumentedWithItsRolesAndEveryDocumentedRouteIsServed() throws Exception {
        Map<String, Set<Role>> documented = documented(apiDoc());
        assertThat(documented).as("the routes table of docs/API.md was found and read")
                .containsEntry("POST /api/session", Set.of()).containsKey("GET /api/cdr");

        Map<String, Set<Role>> served = new TreeMap<>();
        try (TestDatabase db = TestDatabase.create(TestDb.H2); TestServer server = new TestServer(db, TestServer.settings())) {
            server.startWeb(TestServer.webSettings()); // as serve does: every endpoint AdminWeb registers
            for (Routes.Route r : server.web().routes().all()) {
                Set<Role> roles = r.isOpen() ? Set.of() : EnumSet.copyOf(r.roles());
                assertThat(served.put(r.method() + " " + normalise(r.pattern()), roles)).as("served twice: " + r).isNull();
            }
        }

        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Set<Role>> s : served.entrySet()) {
            Set<Role> doc = documented.get(s.getKey());
            if (doc == null) {
                problems.add("served, not documented: " + s.getKey() + " (" + labels(s.getValue()) + ")");
            } else if (!doc.equals(s.getValue())) {
                problems.add("roles differ: " + s.getKey() + " documented " + labels(doc) + ", served " + labels(s.getValue()));
            }
        }
        for (Map.Entry<String, Set<Role>> d : documented.entrySet()) {
            if (!served.containsKey(d.getKey())) {
                problems.add("documented, not served: " + d.getKey() + " (" + labels(d.getValue()) + ")");
            }
        }
        assertThat(problems).as("docs/API.md against the routes a node serves").isEmpty();
    }

    /** "METHOD /path/{}" → roles (empty: no login), from the table's rows. */
    static Map<String, Set<Role>> documented(List<String> lines) {
        Map<String, Set<Role>> routes = new TreeMap<>();
        for (String line : lines) {
            Matcher m = ROW.matcher(line);
            if (!m.find()) {
                continue;
            }
            String key = m.group(1) + " " + normalise(m.group(2).replace("`", ""));
            String roles = m.group(3).trim();
            Set<Role> parsed = roles.equals("-") ? Set.of() : Arrays.stream(roles.split(","))
                    .map(String::trim).map(Role::parse).collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
            assertThat(routes.put(key, parsed)).as("documented twice: " + key).isNull();
        }
        return routes;
    }

    private static String normalise(String path) {
        return PARAM.matcher(path).replaceAll("{}");
    }

    private static String labels(Set<Role> roles) {
        return roles.isEmpty() ? "-" : roles.stream().sorted().map(Role::label).collect(Collectors.joining(", "));
    }

    /** docs/API.md of this checkout, found upwards from the module's directory. */
    private static List<String> apiDoc() throws Exception {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path doc = dir.resolve("docs/API.md");
            if (Files.isRegularFile(doc)) {
                return Files.readAllLines(doc, StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("docs/API.md not found above " + Path.of("").toAbsolutePath());
    }
}
