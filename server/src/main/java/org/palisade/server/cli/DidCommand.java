package org.palisade.server.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.palisade.core.trunk.Did;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "did", mixinStandardHelpOptions = true,
        description = "Inbound numbers (DIDs) and the extension each rings. Numbers are stored in E.164; national forms are read with "
                + "pbx.default-country.")
final class DidCommand {

    private final Cli cli;

    DidCommand(Cli cli) {
        this.cli = cli;
    }

    @Command(name = "add", description = "Map a number to an extension.")
    int add(@Parameters(paramLabel = "NUMBER") String number,
            @Option(names = "--extension", required = true, paramLabel = "N") String extension,
            @Option(names = "--json") boolean json) {
        print(List.of(PbxCli.admin(cli).addDid(cli.actor(), number, extension)), json);
        return 0;
    }

    @Command(name = "list", description = "List DIDs by number.")
    int list(@Option(names = "--json") boolean json) {
        print(PbxCli.admin(cli).dids(), json);
        return 0;
    }

    @Command(name = "remove", description = "Delete a DID; its calls then go to pbx.operator-extension, or get 404.")
    int remove(@Parameters(paramLabel = "NUMBER") String number) {
        String e164 = PbxCli.numbers(cli).toE164(number);
        PbxCli.admin(cli).removeDid(cli.actor(), e164);
        cli.out.println("removed did " + e164);
        return 0;
    }

    private void print(List<Did> dids, boolean json) {
        List<Map<String, Object>> rows = dids.stream().map(d -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("number", d.number());
            m.put("extension", d.extension());
            return m;
        }).toList();
        PbxCli.print(cli, json, List.of("number", "extension"), rows);
    }
}
