package org.palisade.server.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.palisade.core.trunk.NewRoute;
import org.palisade.core.trunk.Route;
import org.palisade.core.trunk.Trunk;
import org.palisade.pbx.dialplan.DialPlan;
import org.palisade.pbx.dialplan.Dialled;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "route", mixinStandardHelpOptions = true,
        description = "The outbound dial plan: routes tried in order, the first whose pattern matches the number decides. "
                + "Public numbers are matched in E.164 (+4930...), short and service numbers as dialled.")
final class RouteCommand {

    private static final List<String> COLUMNS = List.of("position", "name", "match", "strip", "prepend", "trunks");

    private final Cli cli;

    RouteCommand(Cli cli) {
        this.cli = cli;
    }

    @Command(name = "add", description = "Add a route, last unless --position says where.")
    int add(@Parameters(paramLabel = "NAME") String name,
            @Option(names = "--prefix", paramLabel = "DIGITS", description = "Numbers starting with it, e.g. +49, +, 112") String prefix,
            @Option(names = "--regex", paramLabel = "RE", description = "Numbers it matches as a whole, e.g. \\+491[5-7].*") String regex,
            @Option(names = "--trunk", required = true, split = ",", paramLabel = "TRUNK", description = "Repeat for more: tried in order") List<String> trunks,
            @Option(names = "--strip", paramLabel = "N", description = "Leading characters to remove ('+' counts)") Integer strip,
            @Option(names = "--prepend", paramLabel = "DIGITS", description = "Put in front after stripping") String prepend,
            @Option(names = "--position", paramLabel = "N", description = "1 is tried first; later routes move down") Integer position,
            @Option(names = "--json") boolean json) {
        if (prefix != null && regex != null) {
            throw new IllegalArgumentException("pattern: give --prefix or --regex, not both");
        }
        if (prefix == null && regex == null) {
            throw new IllegalArgumentException("pattern: give --prefix DIGITS or --regex RE");
        }
        Route.Kind kind = prefix != null ? Route.Kind.PREFIX : Route.Kind.REGEX;
        Route r = PbxCli.admin(cli).addRoute(cli.actor(), new NewRoute(name, kind, prefix != null ? prefix : regex, strip, prepend,
                trunks, position));
        print(List.of(r), json);
        return 0;
    }

    @Command(name = "list", description = "The dial plan in the order it is tried.")
    int list(@Option(names = "--json") boolean json) {
        print(PbxCli.admin(cli).routes(), json);
        return 0;
    }

    @Command(name = "remove", description = "Delete a route; later routes move up.")
    int remove(@Parameters(paramLabel = "NAME") String name) {
        PbxCli.admin(cli).removeRoute(cli.actor(), name);
        cli.out.println("removed route " + Route.canonicalName(name));
        return 0;
    }

    @Command(name = "test", description = "Show how a dialled number would leave: its E.164 form, the route, what is sent and to which trunks. "
            + "Exit status 1 when no route matches.")
    int test(@Parameters(paramLabel = "NUMBER") String number, @Option(names = "--json") boolean json) {
        Dialled dialled = PbxCli.numbers(cli).classify(number);
        if (!dialled.routable()) {
            throw new IllegalArgumentException("number: " + dialled.problem());
        }
        var admin = PbxCli.admin(cli);
        Set<String> enabled = admin.trunks().stream().filter(Trunk::enabled).map(Trunk::name).collect(Collectors.toSet());
        Optional<DialPlan.Outbound> out = new DialPlan(admin.routes()).route(dialled, enabled::contains);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dialled", number);
        m.put("kind", dialled.kind().name().toLowerCase(java.util.Locale.ROOT));
        m.put("number", dialled.number());
        m.put("route", out.map(DialPlan.Outbound::route).orElse(null));
        m.put("send", out.map(DialPlan.Outbound::number).orElse(null));
        m.put("trunks", out.map(DialPlan.Outbound::trunks).orElse(List.of()));
        if (json) {
            Output.json(cli.out, m);
        } else {
            m.forEach((k, v) -> cli.out.printf("%-8s %s%n", k, v instanceof List<?> l ? String.join(", ", l.stream().map(String::valueOf).toList())
                    : v == null ? "-" : v));
        }
        return out.isPresent() ? 0 : Commands.FAILED;
    }

    private void print(List<Route> routes, boolean json) {
        PbxCli.print(cli, json, COLUMNS, routes.stream().map(r -> row(r, json)).toList());
    }

    private static Map<String, Object> row(Route r, boolean json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("position", r.position());
        m.put("name", r.name());
        if (json) {
            m.put("kind", r.kind().label());
            m.put("pattern", r.pattern());
        } else {
            m.put("match", r.kind().label() + " " + r.pattern());
        }
        m.put("strip", r.strip());
        m.put("prepend", r.prepend());
        m.put("trunks", json ? r.trunks() : String.join(",", r.trunks()));
        return m;
    }
}
