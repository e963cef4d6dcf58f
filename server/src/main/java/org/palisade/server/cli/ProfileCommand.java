package org.palisade.server.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.palisade.core.rights.RightsProfile;
import org.palisade.core.rights.ServiceRight;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "profile", description = "Rights profiles: which services (voice, video, chat, file-transfer, "
        + "external-out, external-in) their extensions may use.", mixinStandardHelpOptions = true)
final class ProfileCommand {

    private final Cli cli;

    ProfileCommand(Cli cli) {
        this.cli = cli;
    }

    @Command(name = "add", description = "Create a profile.")
    int add(@Parameters(paramLabel = "NAME") String name,
            @Option(names = "--rights", required = true, paramLabel = "RIGHTS", description = "Comma-separated: voice,video,chat,file-transfer,external-out,external-in (empty: none)") String rights,
            @Option(names = "--json") boolean json) {
        print(List.of(cli.admin().addProfile(cli.actor(), name, rights(rights))), json);
        return 0;
    }

    @Command(name = "set", description = "Replace a profile's rights.")
    int set(@Parameters(paramLabel = "NAME") String name,
            @Option(names = "--rights", required = true, paramLabel = "RIGHTS") String rights,
            @Option(names = "--json") boolean json) {
        print(List.of(cli.admin().setProfile(cli.actor(), name, rights(rights))), json);
        return 0;
    }

    @Command(name = "list", description = "List profiles.")
    int list(@Option(names = "--json") boolean json) {
        print(cli.admin().profiles(), json);
        return 0;
    }

    private static java.util.Set<ServiceRight> rights(String text) {
        try {
            return ServiceRight.parseList(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rights: " + e.getMessage());
        }
    }

    private void print(List<RightsProfile> profiles, boolean json) {
        List<Map<String, Object>> rows = profiles.stream().map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("rights", json ? p.rights().stream().sorted().map(ServiceRight::label).toList() : ServiceRight.labels(p.rights()));
            return m;
        }).toList();
        if (json) {
            Output.json(cli.out, rows);
        } else {
            Output.table(cli.out, List.of("name", "rights"), rows);
        }
    }
}
