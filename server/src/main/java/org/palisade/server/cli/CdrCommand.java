package org.palisade.server.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.palisade.core.cdr.CallRecord;
import org.palisade.core.cdr.CdrCsv;
import org.palisade.core.cdr.CdrPage;
import org.palisade.core.cdr.CdrQuery;
import org.palisade.core.cdr.CdrSummary;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "cdr", description = "Call detail records: list them, export them as CSV for billing, sum them up per month.",
        mixinStandardHelpOptions = true)
final class CdrCommand {

    /** Caller and callee may be extensions or external numbers (+49..., *99). */
    private static final Pattern NUMBER = Pattern.compile("[0-9A-Za-z+*#._-]{1,64}");

    private final Cli cli;

    CdrCommand(Cli cli) {
        this.cli = cli;
    }

    /** The filters every subcommand shares, as CdrQuery has them. */
    static final class Filters {
        @Option(names = "--extension", paramLabel = "N", description = "only calls where N was caller or callee")
        String extension;
        @Option(names = "--direction", paramLabel = "D", description = "internal, outbound or inbound")
        String direction;
        @Option(names = "--disposition", paramLabel = "D",
                description = "answered, no-answer, busy, failed, cancelled or blocked-by-policy (or the CDR's own words, quoted)")
        String disposition;
        @Option(names = "--trunk", paramLabel = "NAME", description = "only calls through this trunk")
        String trunk;
        @Option(names = "--department", paramLabel = "NAME",
                description = "only calls where the caller's or the callee's extension was in this department")
        String department;
    }

    @Command(name = "list", description = "Newest calls first; the range is [from, to) by start time.")
    int list(@Option(names = "--from", paramLabel = "TIME", description = "ISO 8601 time or date, or an age such as 1h, 7d") String from,
             @Option(names = "--to", paramLabel = "TIME", description = "same forms; calls that started before it") String to,
             @ArgGroup(exclusive = false) Filters filters,
             @Option(names = "--limit", defaultValue = "100") int limit,
             @Option(names = "--after", paramLabel = "CURSOR", description = "the next page: the cursor the previous one printed") String after,
             @Option(names = "--zone", paramLabel = "ZONE", description = "time zone for the times shown (default: this machine's)") String zone,
             @Option(names = "--json") boolean json) {
        if (limit < 1 || limit > 100_000) {
            throw new IllegalArgumentException("limit: between 1 and 100000, got " + limit);
        }
        CdrQuery query = query(from, to, filters).after(after).limit(limit).build();
        ZoneId z = zone(zone);
        CdrPage page = cli.database().inTransaction(tx -> tx.cdrs().page(query));
        DateTimeFormatter time = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(z);
        List<Map<String, Object>> rows = page.records().stream().map(r -> row(r, time)).toList();
        if (page.hasNext()) {
            // on stderr, so that --json output stays the array it always was
            cli.err.println("more: add --after " + page.next().token());
        }
        if (json) {
            Output.json(cli.out, rows);
        } else {
            Output.table(cli.out, List.of("start", "caller", "callee", "direction", "disposition", "duration", "billsec", "sip_code",
                    "hangup", "call_id"), rows);
        }
        return 0;
    }

    @Command(name = "export", description = "RFC 4180 CSV with a header row, UTF-8, calls that started in [from, to), oldest first.")
    int export(@Option(names = "--from", required = true, paramLabel = "TIME", description = "ISO 8601 time or date, or an age") String from,
               @Option(names = "--to", required = true, paramLabel = "TIME", description = "exclusive: --from 2026-11-01 --to 2026-12-01 is November") String to,
               @ArgGroup(exclusive = false) Filters filters,
               @Option(names = "--format", defaultValue = "csv", paramLabel = "FORMAT", description = "csv (the only one so far)") String format,
               @Option(names = "--layout", defaultValue = "palisade", paramLabel = "LAYOUT",
                       description = "palisade (every field) or asterisk (Asterisk cdr-csv column order)") String layout,
               @Option(names = "--out", paramLabel = "FILE", description = "write here instead of standard output") Path out,
               @Option(names = "--bom", description = "start with a byte order mark, so that Excel reads UTF-8") boolean bom,
               @Option(names = "--excel", description = "for spreadsheets: a byte order mark, and text that a spreadsheet would"
                       + " run as a formula (starting with = + - @ tab or CR) gets a ' in front; numbers stay exact") boolean excel,
               @Option(names = "--no-header", description = "leave out the header row (Asterisk's Master.csv has none)") boolean noHeader,
               @Option(names = "--zone", paramLabel = "ZONE", description = "time zone of the times written (default: this machine's)") String zone) {
        if (!"csv".equalsIgnoreCase(format.trim())) {
            throw new IllegalArgumentException("format: only csv is supported, got '" + format + "'");
        }
        CdrCsv.Layout l = layout(layout);
        CdrQuery query = query(from, to, filters).build();
        ZoneId z = zone(zone);
        CdrCsv.Mode mode = excel ? CdrCsv.Mode.EXCEL : bom ? CdrCsv.Mode.PLAIN_WITH_BOM : CdrCsv.Mode.PLAIN;
        long n;
        if (out == null) {
            n = write(cli.out, query, l, z, mode, !noHeader);
            cli.out.flush();
        } else {
            n = writeFile(out, query, l, z, mode, !noHeader);
            cli.err.println("exported " + n + " calls to " + out);
        }
        return 0;
    }

    @Command(name = "summary", description = "Calls, answered calls, duration and billsec per UTC month and per extension,"
            + " department or trunk, with totals. A call counts once: for the caller's extension, or the called one when it"
            + " came in through a trunk.")
    int summary(@Option(names = "--from", required = true, paramLabel = "TIME", description = "ISO 8601 time or date, or an age") String from,
                @Option(names = "--to", required = true, paramLabel = "TIME", description = "exclusive") String to,
                @Option(names = "--by", required = true, paramLabel = "KEY", description = "extension, department or trunk") String by,
                @ArgGroup(exclusive = false) Filters filters,
                @Option(names = "--json") boolean json) {
        CdrSummary.By key = CdrSummary.By.parse(by);
        CdrQuery query = query(from, to, filters).build();
        CdrSummary summary = cli.database().inTransaction(tx -> tx.cdrs().summarize(query, key));
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("by", key.label());
            doc.put("from", query.from().toString());
            doc.put("to", query.to().toString());
            doc.put("lines", summary.lines().stream().map(l -> line(key, l.month().toString(), l.key(), l.calls(), l.answered(),
                    l.durationSeconds(), l.billsec())).toList());
            doc.put("totals", totals(summary.totals()));
            Output.json(cli.out, doc);
        } else {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (CdrSummary.Line l : summary.lines()) {
                rows.add(line(key, l.month().toString(), l.key() == null ? "(none)" : l.key(), l.calls(), l.answered(),
                        l.durationSeconds(), l.billsec()));
            }
            CdrSummary.Totals t = summary.totals();
            if (!rows.isEmpty()) {
                rows.add(line(key, "total", "", t.calls(), t.answered(), t.durationSeconds(), t.billsec()));
            }
            Output.table(cli.out, List.of("month", key.label(), "calls", "answered", "duration", "billsec"), rows);
        }
        return 0;
    }

    private static Map<String, Object> line(CdrSummary.By by, String month, String key, long calls, long answered, long duration,
                                            long billsec) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("month", month);
        m.put(by.label(), key);
        m.put("calls", calls);
        m.put("answered", answered);
        m.put("duration", duration);
        m.put("billsec", billsec);
        return m;
    }

    private static Map<String, Object> totals(CdrSummary.Totals t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("calls", t.calls());
        m.put("answered", t.answered());
        m.put("duration", t.durationSeconds());
        m.put("billsec", t.billsec());
        return m;
    }

    /**
     * Writes next to the target and renames at the end, so a billing job watching the directory
     * never picks up half a file, and a failed export leaves no file at all.
     */
    private long writeFile(Path out, CdrQuery query, CdrCsv.Layout layout, ZoneId zone, CdrCsv.Mode mode, boolean header) {
        Path dir = out.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("out: no such directory " + dir);
        }
        Path part = dir.resolve(out.getFileName() + ".part");
        long n;
        try (BufferedWriter w = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
            n = write(w, query, layout, zone, mode, header);
        } catch (IOException e) {
            deleteQuietly(part);
            throw new IllegalArgumentException("out: cannot write " + out + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(part);
            throw e;
        }
        try {
            Files.move(part, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(part);
            throw new IllegalArgumentException("out: cannot write " + out + ": " + e.getMessage(), e);
        }
        return n;
    }

    /** Streams from a database cursor to the writer: memory stays flat however many calls there are. */
    private long write(Writer w, CdrQuery query, CdrCsv.Layout layout, ZoneId zone, CdrCsv.Mode mode, boolean header) {
        try {
            CdrCsv csv = new CdrCsv(w, layout, zone, mode, header);
            long n = cli.database().inTransaction(tx -> tx.cdrs().export(query, r -> {
                try {
                    csv.write(r);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
            csv.flush();
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The range and filters; CdrQuery checks each value and names the field of a bad one. */
    private static CdrQuery.Builder query(String from, String to, Filters filters) {
        Instant now = Instant.now();
        CdrQuery.Builder q = CdrQuery.builder()
                .from(from == null ? null : TimeArg.parse("from", from, now))
                .to(to == null ? null : TimeArg.parse("to", to, now));
        if (filters == null) {
            return q;
        }
        if (filters.extension != null && !NUMBER.matcher(filters.extension).matches()) {
            throw new IllegalArgumentException("extension: 1 to 64 digits, letters or + * # . _ -, got '" + filters.extension + "'");
        }
        return q.extension(filters.extension).direction(filters.direction).disposition(filters.disposition)
                .trunk(filters.trunk).department(filters.department);
    }

    private static CdrCsv.Layout layout(String text) {
        try {
            return CdrCsv.Layout.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("layout: palisade or asterisk, got '" + text + "'");
        }
    }

    private static ZoneId zone(String text) {
        if (text == null) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("zone: expected a zone such as Europe/Berlin or UTC, got '" + text + "'");
        }
    }

    private static Map<String, Object> row(CallRecord r, DateTimeFormatter time) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("call_id", r.callId());
        m.put("start", time.format(r.start()));
        m.put("answer", r.answer() == null ? null : time.format(r.answer()));
        m.put("end", time.format(r.end()));
        m.put("caller", r.caller());
        m.put("callee", r.callee());
        m.put("direction", r.direction().name());
        m.put("disposition", r.disposition().label());
        m.put("duration", r.durationSeconds());
        m.put("billsec", r.billsec());
        m.put("sip_code", r.sipCode());
        m.put("hangup", r.hangupReason() == null ? null
                : (r.hungUpBy() == null ? "" : r.hungUpBy().name() + " ") + r.hangupReason());
        return m;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: the .part name already says it is incomplete
        }
    }
}
