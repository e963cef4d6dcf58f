package org.palisade.server.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

@Command(name = "palisade", mixinStandardHelpOptions = true, version = "Palisade 0.1.0",
        description = "Enterprise SIP registrar and proxy.",
        subcommands = {ServeCommand.class, ExtensionCommand.class, ProfileCommand.class, AuditCommand.class, CdrCommand.class, ChatCommand.class,
                ServiceCommand.class, TrunkCommand.class, RouteCommand.class, DidCommand.class, SecretsCommand.class, RelayNodeCommand.class,
                RelayCommand.class, AdminUserCommand.class, DirectoryCommand.class})
final class RootCommand {

    private final Cli cli;

    RootCommand(Cli cli) {
        this.cli = cli;
    }

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Properties file (default: ./palisade.properties if present, or $PALISADE_CONFIG)")
    void config(Path file) {
        cli.configFile = file;
    }

    @Option(names = "--db-url", paramLabel = "URL", scope = ScopeType.INHERIT, description = "JDBC URL (db.url); empty means the embedded database")
    void dbUrl(String v) {
        cli.flags.put("db.url", v);
    }

    @Option(names = "--db-user", paramLabel = "USER", scope = ScopeType.INHERIT)
    void dbUser(String v) {
        cli.flags.put("db.user", v);
    }

    @Option(names = "--db-password", paramLabel = "PASSWORD", scope = ScopeType.INHERIT)
    void dbPassword(String v) {
        cli.flags.put("db.password", v);
    }

    @Option(names = "--data-dir", paramLabel = "DIR", scope = ScopeType.INHERIT, description = "Where the embedded database lives (data.dir)")
    void dataDir(String v) {
        cli.flags.put("data.dir", v);
    }

    @Option(names = "--domain", paramLabel = "DOMAIN", scope = ScopeType.INHERIT, description = "SIP domain and digest realm (sip.domain)")
    void domain(String v) {
        cli.flags.put("sip.domain", v);
    }

    @Option(names = {"-D", "--set"}, scope = ScopeType.INHERIT, paramLabel = "KEY=VALUE",
            description = "Any setting of palisade.properties, e.g. -D lockout.max-failures=3")
    void set(Map<String, String> settings) {
        cli.flags.putAll(settings);
    }
}
