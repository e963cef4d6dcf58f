package org.palisade.server.cli;

import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.palisade.core.account.AccountAdministration;
import org.palisade.core.account.AdminUser;
import org.palisade.core.account.PasswordHasher;
import org.palisade.core.account.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "admin-user", mixinStandardHelpOptions = true,
        description = "Accounts of the web UI and API: admin (changes configuration), auditor (reads everything, changes nothing), "
                + "finance (reads and exports call records). Passwords are stored as PBKDF2 hashes only.")
final class AdminUserCommand {

    private final Cli cli;

    AdminUserCommand(Cli cli) {
        this.cli = cli;
    }

    @Command(name = "add", description = "Create a web account.")
    int add(@Parameters(paramLabel = "NAME", description = "1-64 letters, digits, '.', '_', '@' or '-' (kept in lower case)") String name,
            @Option(names = "--role", required = true, paramLabel = "ROLE", description = "admin, auditor or finance") String role,
            @Option(names = "--password", paramLabel = "PASSWORD", description = "At least 12 characters (prefer --password-stdin)")
            String password,
            @Option(names = "--password-stdin", description = "Read the password from standard input") boolean passwordStdin,
            @Option(names = "--json") boolean json) {
        Role parsed = Role.parse(role);
        char[] secret = Passwords.choose(password, passwordStdin, cli, true);
        try {
            print(List.of(admin().add(cli.actor(), name, parsed, secret)), json);
        } finally {
            Arrays.fill(secret, '\0');
        }
        return 0;
    }

    @Command(name = "list", description = "List web accounts.")
    int list(@Option(names = "--json") boolean json) {
        print(admin().list(), json);
        return 0;
    }

    @Command(name = "disable", description = "Refuse the account's logins and end its sessions at their next request.")
    int disable(@Parameters(paramLabel = "NAME") String name) {
        admin().disable(cli.actor(), name);
        cli.out.println("disabled admin user " + AdminUser.normalize(name));
        return 0;
    }

    @Command(name = "enable", description = "Allow the account to log in again.")
    int enable(@Parameters(paramLabel = "NAME") String name) {
        admin().enable(cli.actor(), name);
        cli.out.println("enabled admin user " + AdminUser.normalize(name));
        return 0;
    }

    @Command(name = "remove", description = "Delete the account (the audit log keeps its history).")
    int remove(@Parameters(paramLabel = "NAME") String name) {
        admin().remove(cli.actor(), name);
        cli.out.println("removed admin user " + AdminUser.normalize(name));
        return 0;
    }

    @Command(name = "set-password", description = "Set a new password; the account's open sessions end.")
    int setPassword(@Parameters(paramLabel = "NAME") String name,
                    @Option(names = "--password", paramLabel = "PASSWORD") String password,
                    @Option(names = "--password-stdin") boolean passwordStdin) {
        char[] secret = Passwords.choose(password, passwordStdin, cli, true);
        try {
            admin().setPassword(cli.actor(), name, secret);
        } finally {
            Arrays.fill(secret, '\0');
        }
        cli.out.println("password set for admin user " + AdminUser.normalize(name));
        return 0;
    }

    private AccountAdministration admin() {
        return new AccountAdministration(cli.database(), new PasswordHasher(), Clock.systemUTC());
    }

    /** Never the hash. */
    private void print(List<AdminUser> users, boolean json) {
        List<Map<String, Object>> rows = users.stream().map(u -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", u.name());
            m.put("role", u.role().label());
            m.put("enabled", u.enabled());
            m.put("created", u.created().toString());
            return m;
        }).toList();
        if (json) {
            Output.json(cli.out, rows);
        } else {
            Output.table(cli.out, List.of("name", "role", "enabled", "created"), rows);
        }
    }
}
