package org.palisade.server.cli;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.palisade.core.rights.ServiceRight;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "service", mixinStandardHelpOptions = true,
        description = "The kill switch: switch a service off (or on again) for everybody, whatever their profiles say. "
                + "Running servers apply it within about a second.")
final class ServiceCommand {

    private final Cli cli;

    ServiceCommand(Cli cli) {
        this.cli = cli;
    }

    @Command(name = "disable", description = "Refuse new calls and messages that need SERVICE.")
    int disable(@Parameters(paramLabel = "SERVICE", description = "voice, video, chat, file-transfer or external") String service,
                @Option(names = "--all", required = true, description = "For everybody (required: there is no narrower scope yet)") boolean all) {
        return change(service, false);
    }

    @Command(name = "enable", description = "Allow SERVICE again, as far as profiles allow it.")
    int enable(@Parameters(paramLabel = "SERVICE") String service,
               @Option(names = "--all", required = true) boolean all) {
        return change(service, true);
    }

    @Command(name = "list", description = "Every service and whether it is switched on.")
    int list(@Option(names = "--json") boolean json) {
        Set<ServiceRight> off = cli.admin().disabledServices();
        List<Map<String, Object>> rows = EnumSet.allOf(ServiceRight.class).stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("service", s.label());
            m.put("enabled", !off.contains(s));
            return m;
        }).toList();
        if (json) {
            Output.json(cli.out, rows);
        } else {
            Output.table(cli.out, List.of("service", "enabled"), rows);
        }
        return 0;
    }

    private int change(String service, boolean on) {
        Set<ServiceRight> services = parse(service);
        Set<ServiceRight> changed = cli.admin().switchServices(cli.actor(), services, on);
        cli.out.println((on ? "enabled " : "disabled ") + ServiceRight.labels(services) + " for everybody"
                + (changed.isEmpty() ? " (no change: it already was)" : ""));
        return 0;
    }

    /** "external" is both directions of calls outside the company. */
    private static Set<ServiceRight> parse(String service) {
        if (service.equalsIgnoreCase("external")) {
            return EnumSet.of(ServiceRight.EXTERNAL_OUT, ServiceRight.EXTERNAL_IN);
        }
        try {
            return EnumSet.of(ServiceRight.parse(service));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("service: " + e.getMessage() + ", or external");
        }
    }
}
