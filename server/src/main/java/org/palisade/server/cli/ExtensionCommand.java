package org.palisade.server.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.palisade.core.admin.Administration;
import org.palisade.core.admin.ExtensionChange;
import org.palisade.core.extension.Extension;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "extension", description = "Add, change, list and remove extensions (staff numbers).",
        mixinStandardHelpOptions = true, subcommandsRepeatable = false)
final class ExtensionCommand {

    private final Cli cli;

    ExtensionCommand(Cli cli) {
        this.cli = cli;
    }

    @Command(name = "add", description = "Create an extension; its SIP password is stored only as digest hashes.")
    int add(@Parameters(paramLabel = "NUMBER") String number,
            @Option(names = "--name", required = true, paramLabel = "NAME", description = "Display name") String name,
            @Option(names = "--department", paramLabel = "DEPT") String department,
            @Option(names = "--profile", paramLabel = "PROFILE", description = "Rights profile (default: default)") String profile,
            @Option(names = "--password", paramLabel = "PASSWORD", description = "SIP password (prefer --password-stdin)") String password,
            @Option(names = "--password-stdin", description = "Read the SIP password from standard input") boolean passwordStdin,
            @Option(names = "--json") boolean json) {
        char[] secret = Passwords.choose(password, passwordStdin, cli, true);
        Extension e = cli.admin().addExtension(cli.actor(), number, name, department, profile, secret);
        java.util.Arrays.fill(secret, '\0');
        print(List.of(e), json);
        return 0;
    }

    @Command(name = "set", description = "Change an extension; options not given stay as they are.")
    int set(@Parameters(paramLabel = "NUMBER") String number,
            @Option(names = "--name", paramLabel = "NAME") String name,
            @Option(names = "--department", paramLabel = "DEPT", description = "Empty text clears it") String department,
            @Option(names = "--profile", paramLabel = "PROFILE") String profile,
            @Option(names = "--password", paramLabel = "PASSWORD") String password,
            @Option(names = "--password-stdin") boolean passwordStdin,
            @Option(names = "--enable", description = "Allow logons again") boolean enable,
            @Option(names = "--disable", description = "Refuse logons and drop its registrations") boolean disable,
            @Option(names = "--did", paramLabel = "NUMBER",
                    description = "A public number for it: calls to it from a trunk ring this extension, and its calls out show it "
                            + "(the same as `did add NUMBER --extension N`)") String did,
            @Option(names = "--json") boolean json) {
        if (enable && disable) {
            throw new IllegalArgumentException("enabled: give --enable or --disable, not both");
        }
        char[] secret = Passwords.choose(password, passwordStdin, cli, false);
        Boolean enabled = enable ? Boolean.TRUE : disable ? Boolean.FALSE : null;
        if (name == null && department == null && profile == null && secret == null && enabled == null && did == null) {
            throw new IllegalArgumentException("extension set: nothing to change (give --name, --department, --profile, --password-stdin, "
                    + "--enable, --disable or --did)");
        }
        if (did != null) {
            PbxCli.admin(cli).addDid(cli.actor(), did, number);
        }
        Extension e = name == null && department == null && profile == null && secret == null && enabled == null
                ? cli.admin().extensions().stream().filter(x -> x.number().equals(number)).findFirst().orElseThrow()
                : cli.admin().updateExtension(cli.actor(), number, new ExtensionChange(name, department, profile, secret, enabled));
        print(List.of(e), json);
        return 0;
    }

    @Command(name = "import", description = "Add extensions from a CSV file with the header number,name,department,profile,password; "
            + "all or none are added.")
    int importCsv(@Parameters(paramLabel = "FILE") java.nio.file.Path file) {
        List<Administration.NewExtension> batch = new java.util.ArrayList<>();
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
        try (java.io.Reader reader = java.nio.file.Files.newBufferedReader(file); CSVParser parser = format.parse(reader)) {
            for (String column : List.of("number", "name", "password")) {
                if (!parser.getHeaderMap().containsKey(column)) {
                    throw new IllegalArgumentException("file: the header needs a '" + column + "' column");
                }
            }
            for (CSVRecord r : parser) {
                batch.add(new Administration.NewExtension(r.get("number"), r.get("name"), optional(r, "department"),
                        optional(r, "profile"), r.get("password").toCharArray()));
            }
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException("file: cannot read " + file + ": " + e.getMessage());
        }
        int added = cli.admin().importExtensions(cli.actor(), batch);
        cli.out.println("imported " + added + " extensions");
        return 0;
    }

    private static String optional(CSVRecord r, String column) {
        return r.isMapped(column) ? r.get(column) : null;
    }

    @Command(name = "list", description = "List all extensions.")
    int list(@Option(names = "--json") boolean json) {
        print(cli.admin().extensions(), json);
        return 0;
    }

    @Command(name = "remove", description = "Delete an extension and its registrations (the audit log keeps its history).")
    int remove(@Parameters(paramLabel = "NUMBER") String number) {
        cli.admin().removeExtension(cli.actor(), number);
        cli.out.println("removed extension " + number);
        return 0;
    }

    private void print(List<Extension> extensions, boolean json) {
        List<Map<String, Object>> rows = extensions.stream().map(ExtensionCommand::row).toList();
        if (json) {
            Output.json(cli.out, rows);
        } else {
            Output.table(cli.out, List.of("number", "name", "department", "profile", "enabled"), rows);
        }
    }

    /** Never the hashes: they are as good as a password for this realm. */
    private static Map<String, Object> row(Extension e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("number", e.number());
        m.put("name", e.name());
        m.put("department", e.department());
        m.put("profile", e.profile());
        m.put("enabled", e.enabled());
        return m;
    }
}
