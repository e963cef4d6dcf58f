package org.palisade.server.cli;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.palisade.core.admin.RelayNodeAdministration;
import org.palisade.core.relay.RelayNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "relay-node", mixinStandardHelpOptions = true,
        description = "Relay nodes (rtpengine or Palisade relays) that anchor the calls' media, reached over the ng protocol. "
                + "Running servers pick changes up within a few seconds.")
final class RelayNodeCommand {

    private final Cli cli;

    RelayNodeCommand(Cli cli) {
        this.cli = cli;
    }

    @Command(name = "add", description = "Add a relay node.")
    int add(@Parameters(paramLabel = "NAME", description = "1-64 letters, digits, '.', '_' or '-' (kept in lower case)") String name,
            @Option(names = "--ng", required = true, paramLabel = "HOST:PORT",
                    description = "Its ng control address, e.g. 10.0.0.7:2223 or [fd00::7]:2223") String ng,
            @Option(names = "--weight", paramLabel = "W", defaultValue = "" + RelayNode.DEFAULT_WEIGHT,
                    description = "Share of new calls among healthy nodes, 1-" + RelayNode.MAX_WEIGHT + " (default: ${DEFAULT-VALUE})")
            int weight,
            @Option(names = "--json") boolean json) {
        print(List.of(admin().add(cli.actor(), parse(name, ng, weight))), json);
        return 0;
    }

    @Command(name = "list", description = "List relay nodes.")
    int list(@Option(names = "--json") boolean json) {
        print(admin().list(), json);
        return 0;
    }

    @Command(name = "remove", description = "Remove a relay node; calls already on it stay there until they end.")
    int remove(@Parameters(paramLabel = "NAME") String name) {
        admin().remove(cli.actor(), name);
        cli.out.println("removed relay node " + name);
        return 0;
    }

    private RelayNodeAdministration admin() {
        return new RelayNodeAdministration(cli.database(), Clock.systemUTC());
    }

    /** The core names the field "ng"; on the command line the user typed "--ng". */
    private static RelayNode parse(String name, String ng, int weight) {
        try {
            return RelayNode.parse(name, ng, weight);
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith("ng:")) {
                throw new IllegalArgumentException("--" + e.getMessage(), e);
            }
            throw e;
        }
    }

    private void print(List<RelayNode> nodes, boolean json) {
        List<Map<String, Object>> rows = nodes.stream().map(n -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", n.name());
            m.put("ng", n.ngAddress());
            m.put("weight", n.weight());
            return m;
        }).toList();
        if (json) {
            Output.json(cli.out, rows);
        } else {
            Output.table(cli.out, List.of("name", "ng", "weight"), rows);
        }
    }
}
