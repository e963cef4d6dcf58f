package org.palisade.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditQuery;
import org.palisade.core.audit.AuditType;
import org.palisade.core.audit.VerifyResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "audit", description = "Read and verify the tamper-evident audit log.", mixinStandardHelpOptions = true)
final class AuditCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Cli cli;

    AuditCommand(Cli cli) {
        this.cli = cli;
    }

    @Command(name = "list", description = "Newest entries first.")
    int list(@Option(names = "--since", description = "ISO 8601 time or date, or an age such as 1h, 7d") String since,
             @Option(names = "--type", split = ",", paramLabel = "TYPE",
                     description = "e.g. LOGON, LOGON_FAILED, CONFIG_CHANGED; repeat or comma-separate for more: entries of any of them")
                     List<String> types,
             @Option(names = "--subject", description = "e.g. an extension number") String subject,
             @Option(names = "--limit", defaultValue = "100") int limit,
             @Option(names = "--json") boolean json) {
        if (limit < 1 || limit > 100_000) {
            throw new IllegalArgumentException("limit: between 1 and 100000");
        }
        Instant from = since == null ? null : TimeArg.parse("since", since, Instant.now());
        Set<AuditType> wanted = EnumSet.noneOf(AuditType.class);
        if (types != null) {
            types.forEach(t -> wanted.add(parseType(t)));
        }
        AuditQuery query = new AuditQuery(from, null, wanted, null, subject, null, limit);
        List<AuditEntry> entries = cli.database().inTransaction(tx -> tx.audit().list(query));
        List<Map<String, Object>> rows = entries.stream().map(e -> row(e, json)).toList();
        if (json) {
            Output.json(cli.out, rows);
        } else {
            Output.table(cli.out, List.of("seq", "time", "type", "actor", "subject", "source", "details"), rows);
        }
        return 0;
    }

    @Command(name = "verify", description = "Recompute the hash chain; exit status 1 and the first bad entry when it was tampered with.")
    int verify(@Option(names = "--json") boolean json) {
        VerifyResult result = cli.database().inTransaction(tx -> tx.audit().verify());
        if (json) {
            Output.json(cli.out, result);
        } else if (result.intact()) {
            cli.out.println("audit log intact: " + result.entriesChecked() + " entries verified");
        } else {
            cli.out.println("audit log TAMPERED: " + result.problem() + " (first bad entry: " + result.firstBadSeq() + ")");
        }
        return result.intact() ? 0 : 1;
    }

    private static AuditType parseType(String type) {
        try {
            return AuditType.valueOf(type.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("type: unknown audit type '" + type + "' (known: " + List.of(AuditType.values()) + ")");
        }
    }

    private static Map<String, Object> row(AuditEntry e, boolean json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", e.seq());
        m.put("time", e.occurredAt().toString());
        m.put("type", e.type().name());
        m.put("actor", e.actor());
        m.put("subject", e.subject());
        m.put("source", e.source());
        if (json) {
            try {
                m.put("details", JSON.readTree(e.details()));
            } catch (Exception bad) {
                m.put("details", e.details());
            }
            m.put("hash", e.hash());
        } else {
            m.put("details", e.details());
        }
        return m;
    }
}
