package org.palisade.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.palisade.core.directory.DirectorySettings;
import org.palisade.core.directory.DirectorySyncStatus;
import org.palisade.core.directory.GroupMapping;
import org.palisade.core.storage.Storage;
import org.palisade.core.storage.Transaction;
import org.palisade.directory.AttributeMap;
import org.palisade.directory.DirectoryAdministration;
import org.palisade.directory.DirectorySync;
import org.palisade.directory.SyncReport;
import org.palisade.server.DirectorySecrets;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "directory", mixinStandardHelpOptions = true,
        description = "People from LDAP / Active Directory: settings, group mappings, status and the sync. "
                + "The bind password is stored encrypted with secrets.key and never shown.")
final class DirectoryCommand {

    private final Cli cli;

    DirectoryCommand(Cli cli) {
        this.cli = cli;
    }

    @Command(name = "configure", description = "Set how Palisade reaches the directory; options not given stay as they are "
            + "(the first time --url, --bind-dn, a bind password and --base-dn are required).")
    int configure(@Option(names = "--url", paramLabel = "URL", description = "ldap://HOST[:PORT] or ldaps://HOST[:PORT]") String url,
                  @Option(names = "--starttls", negatable = true, description = "Upgrade ldap:// with StartTLS before binding") Boolean startTls,
                  @Option(names = "--bind-dn", paramLabel = "DN", description = "The service account Palisade searches with") String bindDn,
                  @Option(names = "--bind-password", paramLabel = "P", description = "Its password (prefer --bind-password-stdin)") String bindPassword,
                  @Option(names = "--bind-password-stdin", description = "Read the bind password from standard input") boolean bindPasswordStdin,
                  @Option(names = "--base-dn", paramLabel = "DN", description = "Where people (and groups) are searched") String baseDn,
                  @Option(names = "--user-filter", paramLabel = "F", description = "Which entries are people; '' for the flavor's default") String userFilter,
                  @Option(names = "--flavor", paramLabel = "ad|openldap", description = "Preset attribute mapping (default: ad)") String flavor,
                  @Option(names = "--map", paramLabel = "FIELD=ATTR[,ATTR]", description = "Override the mapping of login, number, name, "
                          + "department, mail or key; FIELD= goes back to the preset") List<String> map,
                  @Option(names = "--default-profile", paramLabel = "NAME", description = "Profile of people no mapped group covers") String defaultProfile,
                  @Option(names = "--schedule", paramLabel = "15m", description = "How often serve syncs (at least 10s), or off") String schedule,
                  @Option(names = "--max-disable-percent", paramLabel = "N", description = "Stop a run that would disable more than N% of the "
                          + "directory's extensions (default 20)") Integer maxDisablePercent,
                  @Option(names = "--trust-store", paramLabel = "FILE", description = "JKS or PKCS#12 trust store for LDAPS and StartTLS; "
                          + "'' for the JVM's default") String trustStore,
                  @Option(names = "--trust-store-password", paramLabel = "P") String trustStorePassword,
                  @Option(names = "--connect-timeout", paramLabel = "10s") String connectTimeout,
                  @Option(names = "--read-timeout", paramLabel = "30s") String readTimeout,
                  @Option(names = "--allow-plain-bind", negatable = true, description = "Allow a bind over unencrypted ldap:// to a host "
                          + "that is not loopback (the password crosses the network readable)") Boolean allowPlainBind,
                  @Option(names = "--json") boolean json) {
        char[] password = password(bindPassword, bindPasswordStdin);
        DirectorySettings s = admin().configure(cli.actor(), new DirectoryAdministration.Configure(url, startTls, bindDn, password, baseDn,
                userFilter, flavor, map, defaultProfile, schedule, maxDisablePercent, trustStore,
                trustStorePassword == null ? null : trustStorePassword.toCharArray(), connectTimeout, readTimeout, allowPlainBind));
        if (json) {
            Output.json(cli.out, settings(s));
        } else {
            cli.out.println("directory configured");
            printSettings(s);
        }
        return 0;
    }

    static final class Target {
        @Option(names = "--profile", required = true, paramLabel = "NAME", description = "Rights profile of the group's members")
        String profile;
        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "Web role of the group's members: admin, auditor or finance")
        String role;
    }

    @Command(name = "map-group", description = "Give a group's members (nested groups included) a rights profile, or a web role for "
            + "logins with directory credentials. For profiles, the mapped group with the lowest rank wins.")
    int mapGroup(@Parameters(paramLabel = "GROUP_DN") String group,
                 @ArgGroup(exclusive = true, multiplicity = "1") Target target,
                 @Option(names = "--rank", paramLabel = "N", description = "Lower wins (default 100); profiles only") Integer rank,
                 @Option(names = "--json") boolean json) {
        GroupMapping m;
        if (target.profile != null) {
            m = admin().mapProfile(cli.actor(), group, target.profile, rank);
        } else {
            if (rank != null) {
                throw new IllegalArgumentException("rank: only for --profile mappings");
            }
            m = admin().mapRole(cli.actor(), group, target.role);
        }
        print(List.of(m), json);
        return 0;
    }

    @Command(name = "unmap-group", description = "Remove a group's mappings (profile and role).")
    int unmapGroup(@Parameters(paramLabel = "GROUP_DN") String group) {
        int n = admin().unmapGroup(cli.actor(), group);
        cli.out.println("removed " + n + " mapping" + (n == 1 ? "" : "s") + " of " + group);
        return 0;
    }

    @Command(name = "status", description = "The settings (passwords only as 'set'), the group mappings and the last sync, "
            + "whoever ran it (serve's schedule or this command).")
    int status(@Option(names = "--json") boolean json) {
        DirectoryAdministration admin = admin();
        Optional<DirectorySettings> s = admin.settings();
        List<GroupMapping> mappings = admin.groupMappings();
        Optional<DirectorySyncStatus> last = admin.status();
        DirectoryAdministration.Managed managed = admin.managed();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("configured", s.isPresent());
            m.put("settings", s.map(DirectoryCommand::settings).orElse(null));
            m.put("mappings", mappings.stream().map(DirectoryCommand::row).toList());
            m.put("managedExtensions", managed.extensions());
            m.put("managedEnabled", managed.enabled());
            m.put("lastRun", last.map(DirectoryCommand::status).orElse(null));
            Output.json(cli.out, m);
            return 0;
        }
        if (s.isEmpty()) {
            cli.out.println("directory: not configured (see `palisade directory configure --help`)");
            return 0;
        }
        printSettings(s.get());
        cli.out.println();
        Output.table(cli.out, List.of("group", "profile", "rank", "role"), mappings.stream().map(DirectoryCommand::row).toList());
        cli.out.println();
        cli.out.println("managed extensions: " + managed.extensions() + " (" + managed.enabled() + " enabled)");
        cli.out.println("last sync:          " + last.map(DirectoryCommand::describe).orElse("never"));
        return 0;
    }

    @Command(name = "sync", description = "Sync now: create, update, disable and enable extensions from the directory. Exit status 1 "
            + "when the directory could not be read or the mass-disable guard stopped the run.")
    int sync(@Option(names = "--dry-run", description = "Print the plan; change nothing") boolean dryRun,
             @Option(names = "--force", description = "Make the changes even if they disable more than max-disable-percent") boolean force,
             @Option(names = "--json") boolean json) {
        DirectorySync sync = new DirectorySync(lazy(), cli.config().domain(), DirectorySecrets.opener(cli.config()), Clock.systemUTC());
        SyncReport report = sync.run(cli.actor(), dryRun, force);
        DirectorySyncStatus s = report.status();
        if (json) {
            Output.json(cli.out, report.toMap());
        } else {
            if (report.plan() != null) {
                report.plan().changes().forEach(c -> cli.out.println(c.describe()));
                report.plan().problems().forEach(p -> cli.out.println("problem: " + p.describe()));
            }
            report.failures().forEach(p -> cli.out.println("failed: " + p.describe()));
            cli.out.println((dryRun ? "dry run, nothing changed: " : "") + describe(s) + ", " + report.pages() + " page"
                    + (report.pages() == 1 ? "" : "s"));
        }
        if (s.result() != DirectorySyncStatus.Result.OK) {
            cli.err.println("error: " + s.error());
            return dryRun && s.result() == DirectorySyncStatus.Result.GUARDED ? 0 : Commands.FAILED;
        }
        return 0;
    }

    private DirectoryAdministration admin() {
        return new DirectoryAdministration(lazy(), DirectorySecrets.sealer(cli.config()), Clock.systemUTC());
    }

    /** The database is opened only for input that passed the checks, so bad input is answered at once, database or not. */
    private Storage lazy() {
        return new Storage() {
            @Override
            public <T> T inTransaction(Function<Transaction, T> work) {
                return cli.database().inTransaction(work);
            }
        };
    }

    private char[] password(String option, boolean fromStdin) {
        if (option != null && fromStdin) {
            throw new IllegalArgumentException("bind-password: give either --bind-password or --bind-password-stdin, not both");
        }
        if (option != null) {
            return option.toCharArray();
        }
        if (!fromStdin) {
            return null;
        }
        try {
            String line = new BufferedReader(new InputStreamReader(cli.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new IllegalArgumentException("bind-password: nothing on standard input");
            }
            return line.toCharArray();
        } catch (IOException e) {
            throw new IllegalArgumentException("bind-password: cannot read standard input: " + e.getMessage());
        }
    }

    private void print(List<GroupMapping> mappings, boolean json) {
        List<Map<String, Object>> rows = mappings.stream().map(DirectoryCommand::row).toList();
        if (json) {
            Output.json(cli.out, rows);
        } else {
            Output.table(cli.out, List.of("group", "profile", "rank", "role"), rows);
        }
    }

    private static Map<String, Object> row(GroupMapping m) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("group", m.groupDn());
        r.put("profile", m.kind() == GroupMapping.Kind.PROFILE ? m.target() : null);
        r.put("rank", m.kind() == GroupMapping.Kind.PROFILE ? m.rank() : null);
        r.put("role", m.kind() == GroupMapping.Kind.ROLE ? m.target() : null);
        return r;
    }

    /** Never a sealed secret: it opens with the key, and the key may be on the same machine. */
    private static Map<String, Object> settings(DirectorySettings s) {
        Map<String, Object> m = s.describe();
        m.put("effectiveUserFilter", s.userFilter() != null ? s.userFilter() : AttributeMap.defaultUserFilter(s.flavor()));
        m.put("effectiveMap", AttributeMap.of(s.flavor(), s.attributeMap()).describe());
        return m;
    }

    private void printSettings(DirectorySettings s) {
        List<Map<String, Object>> rows = new ArrayList<>();
        settings(s).forEach((k, v) -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("setting", k);
            r.put("value", v);
            rows.add(r);
        });
        Output.table(cli.out, List.of("setting", "value"), rows);
    }

    private static Map<String, Object> status(DirectorySyncStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("startedAt", Instant.ofEpochMilli(s.startedAtMillis()).toString());
        m.put("finishedAt", Instant.ofEpochMilli(s.finishedAtMillis()).toString());
        m.putAll(s.describe());
        return m;
    }

    static String describe(DirectorySyncStatus s) {
        return s.result().label() + " at " + Instant.ofEpochMilli(s.startedAtMillis()) + " (" + s.trigger() + (s.forced() ? ", forced" : "")
                + ", " + (s.finishedAtMillis() - s.startedAtMillis()) + " ms): " + s.people() + " people, " + s.created() + " created, "
                + s.updated() + " updated, " + s.disabled() + " disabled, " + s.enabled() + " enabled, " + s.unchanged() + " unchanged, "
                + s.problems() + " problems" + (s.error() == null ? "" : "; " + s.error());
    }
}
