package org.palisade.server.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.palisade.core.trunk.NewTrunk;
import org.palisade.core.trunk.Transport;
import org.palisade.core.trunk.Trunk;
import org.palisade.core.trunk.TrunkChange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "trunk", mixinStandardHelpOptions = true,
        description = "SIP trunks to the PBX or a carrier: static peers trusted by their address, or trunks Palisade registers to. "
                + "Passwords are stored encrypted with secrets.key and never shown.")
final class TrunkCommand {

    private static final List<String> COLUMNS = List.of("name", "peer", "transport", "register", "username", "password", "maxCalls",
            "priority", "enabled");

    private final Cli cli;

    TrunkCommand(Cli cli) {
        this.cli = cli;
    }

    @Command(name = "add", description = "Create a trunk.")
    int add(@Parameters(paramLabel = "NAME") String name,
            @Option(names = "--peer", required = true, paramLabel = "HOST[:PORT]", description = "The PBX or carrier; IPv6 as [ADDR]:PORT") String peer,
            @Option(names = "--transport", paramLabel = "udp|tcp|tls", description = "Default: udp") String transport,
            @Option(names = "--register", description = "Palisade registers to the peer (needs --username and --password-stdin)") boolean register,
            @Option(names = "--username", paramLabel = "USER", description = "Digest user name, also for answering the peer's challenges") String username,
            @Option(names = "--password-stdin", description = "Read the digest password from standard input") boolean passwordStdin,
            @Option(names = "--max-calls", paramLabel = "N", description = "Simultaneous calls, 0 for no limit (default)") Integer maxCalls,
            @Option(names = "--priority", paramLabel = "P", description = "0-1000, lower is preferred (default 100)") Integer priority,
            @Option(names = "--json") boolean json) {
        char[] password = Passwords.choose(null, passwordStdin, cli, false);
        Trunk t = PbxCli.admin(cli).addTrunk(cli.actor(), new NewTrunk(name, peer, transport(transport), register, username, password,
                maxCalls, priority));
        print(List.of(t), json);
        return 0;
    }

    @Command(name = "set", description = "Change a trunk; options not given stay as they are.")
    int set(@Parameters(paramLabel = "NAME") String name,
            @Option(names = "--peer", paramLabel = "HOST[:PORT]") String peer,
            @Option(names = "--transport", paramLabel = "udp|tcp|tls") String transport,
            @Option(names = "--register", description = "Register to the peer") boolean register,
            @Option(names = "--no-register", description = "Stop registering (credentials stay, for challenges)") boolean noRegister,
            @Option(names = "--username", paramLabel = "USER") String username,
            @Option(names = "--password-stdin", description = "Read a new password from standard input") boolean passwordStdin,
            @Option(names = "--max-calls", paramLabel = "N") Integer maxCalls,
            @Option(names = "--priority", paramLabel = "P") Integer priority,
            @Option(names = "--enable") boolean enable,
            @Option(names = "--disable", description = "Offer it no calls") boolean disable,
            @Option(names = "--json") boolean json) {
        if (register && noRegister) {
            throw new IllegalArgumentException("register: give --register or --no-register, not both");
        }
        if (enable && disable) {
            throw new IllegalArgumentException("enabled: give --enable or --disable, not both");
        }
        char[] password = Passwords.choose(null, passwordStdin, cli, false);
        TrunkChange change = new TrunkChange(peer, transport == null ? null : transport(transport),
                register ? Boolean.TRUE : noRegister ? Boolean.FALSE : null, username, password, maxCalls, priority,
                enable ? Boolean.TRUE : disable ? Boolean.FALSE : null);
        if (change.isEmpty()) {
            throw new IllegalArgumentException("trunk set: nothing to change (give --peer, --transport, --register, --no-register, "
                    + "--username, --password-stdin, --max-calls, --priority, --enable or --disable)");
        }
        print(List.of(PbxCli.admin(cli).updateTrunk(cli.actor(), name, change)), json);
        return 0;
    }

    @Command(name = "list", description = "List trunks; passwords show only as 'set'.")
    int list(@Option(names = "--json") boolean json) {
        print(PbxCli.admin(cli).trunks(), json);
        return 0;
    }

    @Command(name = "remove", description = "Delete a trunk no route uses (the audit log keeps its history).")
    int remove(@Parameters(paramLabel = "NAME") String name) {
        PbxCli.admin(cli).removeTrunk(cli.actor(), name);
        cli.out.println("removed trunk " + Trunk.canonicalName(name));
        return 0;
    }

    private static Transport transport(String text) {
        return text == null ? null : Transport.parse(text);
    }

    private void print(List<Trunk> trunks, boolean json) {
        PbxCli.print(cli, json, COLUMNS, trunks.stream().map(TrunkCommand::row).toList());
    }

    /** Never the sealed password: it opens with the key, and the key may be on the same machine. */
    private static Map<String, Object> row(Trunk t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        m.put("peer", t.peer().toString());
        m.put("transport", t.transport().label());
        m.put("register", t.register());
        m.put("username", t.username());
        m.put("password", t.hasCredentials() ? "set" : null);
        m.put("maxCalls", t.maxCalls());
        m.put("priority", t.priority());
        m.put("enabled", t.enabled());
        return m;
    }
}
