package org.palisade.web.records;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.palisade.core.audit.AuditType;
import org.palisade.core.cdr.CdrCsv;
import org.palisade.core.cdr.CdrQuery;
import org.palisade.core.storage.Storage;
import org.palisade.web.api.ApiRequest;
import org.palisade.web.api.ApiResponse;
import org.palisade.web.api.Routes;
import org.palisade.web.api.WebAudit;

/**
 * {@code GET /api/cdr.csv}: the records of a period as RFC 4180 CSV, oldest first, no row cap,
 * streamed from the database cursor to the client as it is read ({@link ApiResponse#stream}):
 * a million rows need no more memory than ten.
 *
 * <pre>
 * GET /api/cdr.csv?from=..&amp;to=..[&amp;filters of /api/cdr][&amp;layout=palisade|asterisk][&amp;excel=true]
 *                 [&amp;header=false][&amp;zone=Europe/Berlin]
 *     200 text/csv, Content-Disposition: attachment; filename="cdr-2026-11-01-to-2026-11-30.csv"
 * </pre>
 *
 * <ul>
 *   <li>{@code excel=true}: a UTF-8 byte order mark, and text cells that a spreadsheet would run
 *       as a formula get a ' in front; numbers stay numbers. Without it the values are exactly
 *       as stored, for billing tools.</li>
 *   <li>{@code layout=asterisk}: Asterisk's Master.csv columns; its times have no offset, so they
 *       are written in {@code zone} (default UTC). {@code header=false} leaves out the header row,
 *       as Asterisk's file has none.</li>
 * </ul>
 *
 * <p><b>Audit</b>: one CDR_EXPORTED entry per export, written when the rows have been written,
 * with the filters and the row count, so the entry says exactly how many records left. It is
 * written before the last bytes are sent: if it cannot be written, the transfer is aborted and
 * the client never holds a complete file that the log does not know of. An export that breaks
 * off (the client went away, the database failed) is recorded too, with {@code complete: false}
 * and the rows written until then. Only a node that dies in the middle of an export leaves no
 * entry; its client is left with a visibly broken (unterminated) transfer.
 *
 * <p><b>At most {@value #MAX_RUNNING} at a time</b> per node; another gets 429 with Retry-After.
 * Each export holds a database connection for as long as its client reads, and the pool (5 on
 * H2, 10 on MariaDB) also serves every REGISTER and call: a row of finance users exporting a
 * year at once must not stall the phones.
 */
public final class CdrExportApi {

    public static final String PATH = "/api/cdr.csv";
    private static final Set<String> PARAMS = CdrParams.filtersAnd("layout", "excel", "header", "zone");
    /** Encoded bytes handed on at a time to the 64 KiB stream buffer below. */
    private static final int WRITER_BUFFER = 32 * 1024;
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HHmm");
    static final int MAX_RUNNING = 2;

    private final Storage storage;
    private final WebAudit audit;
    private final Semaphore running = new Semaphore(MAX_RUNNING);

    public CdrExportApi(Storage storage, WebAudit audit) {
        this.storage = storage;
        this.audit = audit;
    }

    public void register(Routes routes) {
        routes.get(PATH, CdrApi.READERS, this::export);
    }

    private ApiResponse export(ApiRequest req) {
        QueryParams p = QueryParams.of(req, PARAMS);
        CdrQuery query = CdrParams.filters(p).build();
        CdrCsv.Layout layout = layout(p.text("layout"));
        boolean excel = p.flag("excel");
        boolean header = p.flagDefaultTrue("header");
        ZoneId zone = zone(p.text("zone"));
        Map<String, Object> details = CdrParams.describe(query);
        details.put("layout", layout.name().toLowerCase(Locale.ROOT));
        details.put("excel", excel);
        String filename = filename(p.time("from", true), p.time("to", true));
        if (!running.tryAcquire()) {
            return ApiResponse.error(429, MAX_RUNNING + " exports are running on this node; try again when one has finished")
                    .withHeader("Retry-After", "10");
        }
        // The dispatcher runs the writer right after this returns. The permit goes back once, as
        // soon as the database is done with this export, and at the latest when the writer ends.
        AtomicBoolean held = new AtomicBoolean(true);
        Runnable release = () -> {
            if (held.compareAndSet(true, false)) {
                running.release();
            }
        };
        return ApiResponse.stream("text/csv; charset=utf-8", filename, out -> {
            try {
                write(req, out, query, layout, excel ? CdrCsv.Mode.EXCEL : CdrCsv.Mode.PLAIN, header, zone, details, release);
            } finally {
                release.run();
            }
        });
    }

    private void write(ApiRequest req, OutputStream out, CdrQuery query, CdrCsv.Layout layout, CdrCsv.Mode mode, boolean header,
                       ZoneId zone, Map<String, Object> details, Runnable databaseDone) throws IOException {
        long[] rows = {0};
        try {
            // not closed: that would end the response, which is the dispatcher's to do
            Writer w = new Utf8Writer(out, WRITER_BUFFER);
            CdrCsv csv = new CdrCsv(w, layout, zone, mode, header);
            // the consumer only writes to the client: export() forbids using the transaction while it streams
            try {
                storage.inTransaction(tx -> tx.cdrs().export(query, r -> {
                    try {
                        csv.write(r);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    rows[0]++;
                }));
            } finally {
                databaseDone.run(); // before the audit entry: whoever sees it may start the next export
            }
            csv.flush();
        } catch (IOException | RuntimeException | Error e) {
            try {
                record(req, details, rows[0], false);
            } catch (RuntimeException auditFailed) {
                e.addSuppressed(auditFailed);
            }
            throw e;
        }
        record(req, details, rows[0], true); // a failure here aborts the transfer before its last chunk
    }

    private void record(ApiRequest req, Map<String, Object> filters, long rows, boolean complete) {
        Map<String, Object> details = new LinkedHashMap<>(filters);
        details.put("rows", rows);
        details.put("complete", complete);
        audit.record(req, AuditType.CDR_EXPORTED, null, details);
    }

    private static CdrCsv.Layout layout(String text) {
        if (text == null) {
            return CdrCsv.Layout.PALISADE;
        }
        try {
            return CdrCsv.Layout.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("layout: palisade or asterisk, got '" + text + "'");
        }
    }

    private static ZoneId zone(String text) {
        if (text == null) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("zone: a time zone such as Europe/Berlin or UTC, got '" + text + "'");
        }
    }

    /**
     * Names the period as the client gave it, in its own offset, with the last day inclusive as a
     * person says it: from=2026-11-01T00:00:00+01:00&amp;to=2026-12-01T00:00:00+01:00 is
     * {@code cdr-2026-11-01-to-2026-11-30.csv}; times that are not midnight keep hour and minute.
     */
    static String filename(OffsetDateTime from, OffsetDateTime to) {
        String first = from.toLocalTime().equals(LocalTime.MIDNIGHT) ? from.toLocalDate().toString() : MINUTE.format(from);
        String last = to.toLocalTime().equals(LocalTime.MIDNIGHT) ? to.toLocalDate().minusDays(1).toString() : MINUTE.format(to);
        return "cdr-" + first + "-to-" + last + ".csv";
    }
}
