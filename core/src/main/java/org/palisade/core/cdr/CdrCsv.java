package org.palisade.core.cdr;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.palisade.core.call.Disposition;

/**
 * Call records as RFC 4180 CSV (comma, double quotes, CRLF) with a header row, one record per
 * {@link #write}; the caller streams, so an export of millions of rows needs no memory.
 *
 * <p>By default every value is written exactly as stored ({@link Mode#PLAIN}): billing tools
 * need "-2+3" as a caller and -1 as a number to stay what they are. {@link Mode#EXCEL} is for
 * people who open the file in a spreadsheet.
 */
public final class CdrCsv implements Closeable {

    /** Column order of the file. */
    public enum Layout {
        /** Every CallRecord field; times ISO 8601 with offset and milliseconds. */
        PALISADE(List.of("call_id", "caller", "callee", "direction", "trunk", "start", "answer", "end", "duration", "billsec",
                "disposition", "sip_code", "hangup_by", "hangup_reason", "media_offered", "media_used",
                "packets_from_caller", "bytes_from_caller", "packets_from_callee", "bytes_from_callee")),
        /**
         * Asterisk's cdr_csv (Master.csv) order, with uniqueid and userfield, so billing tools written
         * for Asterisk read it. Times are in Asterisk's own "yyyy-MM-dd HH:mm:ss" (local time of the
         * chosen zone), which those tools parse; dispositions use Asterisk's words.
         */
        ASTERISK(List.of("accountcode", "src", "dst", "dcontext", "clid", "channel", "dstchannel", "lastapp", "lastdata",
                "start", "answer", "end", "duration", "billsec", "disposition", "amaflags", "uniqueid", "userfield"));

        private final List<String> columns;

        Layout(List<String> columns) {
            this.columns = columns;
        }

        public List<String> columns() {
            return columns;
        }
    }

    /** How the values are written, beyond RFC 4180. */
    public enum Mode {
        /** Exact values, no byte order mark: for billing tools. */
        PLAIN(false, false),
        /** Exact values after a byte order mark (U+FEFF), which Excel needs to read UTF-8. */
        PLAIN_WITH_BOM(true, false),
        /**
         * A byte order mark, and every text cell that a spreadsheet would run as a formula gets a
         * single quote in front (see {@link SpreadsheetText}). Numeric cells (duration, billsec,
         * SIP code, counters) stay numbers, so sums still work in the sheet.
         */
        EXCEL(true, true);

        private final boolean bom;
        private final boolean escapeFormulas;

        Mode(boolean bom, boolean escapeFormulas) {
            this.bom = bom;
            this.escapeFormulas = escapeFormulas;
        }
    }

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");
    private static final DateTimeFormatter ASTERISK_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private final CSVPrinter printer;
    private final Layout layout;
    private final DateTimeFormatter iso;
    /** The same as {@link #iso}, faster, for zones with a fixed offset (UTC); null for others. */
    private final IsoMillis isoMillis;
    private final DateTimeFormatter asteriskTime;
    private final boolean escapeFormulas;

    /** The writer must encode UTF-8 (the byte order mark of the BOM modes is UTF-8's). */
    public CdrCsv(Writer out, Layout layout, ZoneId zone, Mode mode, boolean header) throws IOException {
        this.layout = layout;
        this.iso = ISO.withZone(zone);
        this.isoMillis = IsoMillis.forZone(zone, iso);
        this.asteriskTime = ASTERISK_TIME.withZone(zone);
        this.escapeFormulas = mode.escapeFormulas;
        if (mode.bom) {
            out.write('\uFEFF');
        }
        CSVFormat.Builder format = CSVFormat.RFC4180.builder();
        if (header) {
            format.setHeader(layout.columns().toArray(String[]::new));
        }
        this.printer = new CSVPrinter(out, format.get());
    }

    /** {@link Mode#PLAIN}, or {@link Mode#PLAIN_WITH_BOM} when {@code bom}. */
    public CdrCsv(Writer out, Layout layout, ZoneId zone, boolean bom, boolean header) throws IOException {
        this(out, layout, zone, bom ? Mode.PLAIN_WITH_BOM : Mode.PLAIN, header);
    }

    public void write(CallRecord r) throws IOException {
        Object[] values;
        if (layout == Layout.PALISADE) {
            values = new Object[] {r.callId(), r.caller(), r.callee(), r.direction().name(), r.trunk(),
                    iso(r.startMillis()), r.answerMillis() == null ? null : iso(r.answerMillis()), iso(r.endMillis()),
                    r.durationSeconds(), r.billsec(), r.disposition().label(), r.sipCode(),
                    r.hungUpBy() == null ? null : r.hungUpBy().name(), r.hangupReason(), r.mediaOffered(), r.mediaUsed(),
                    r.packetsFromCaller(), r.bytesFromCaller(), r.packetsFromCallee(), r.bytesFromCallee()};
        } else {
            values = new Object[] {"", r.caller(), r.callee(), r.direction().name().toLowerCase(java.util.Locale.ROOT),
                    r.caller(), "SIP/" + r.caller(), r.trunk() != null ? "SIP/" + r.trunk() : "SIP/" + r.callee(),
                    "Dial", r.callee(), asteriskTime.format(r.start()),
                    r.answer() == null ? "" : asteriskTime.format(r.answer()), asteriskTime.format(r.end()),
                    r.durationSeconds(), r.billsec(), asteriskDisposition(r.disposition()), "DOCUMENTATION", r.callId(),
                    userfield(r)};
        }
        if (escapeFormulas) {
            // by type, not by column: numbers are boxed numbers here, and only text can carry a formula
            for (int i = 0; i < values.length; i++) {
                if (values[i] instanceof String text) {
                    values[i] = SpreadsheetText.escape(text);
                }
            }
        }
        printer.printRecord(values);
    }

    private String iso(long epochMillis) {
        return isoMillis != null ? isoMillis.format(epochMillis) : iso.format(Instant.ofEpochMilli(epochMillis));
    }

    public void flush() throws IOException {
        printer.flush();
    }

    @Override
    public void close() throws IOException {
        printer.close();
    }

    /** Asterisk knows ANSWERED, NO ANSWER, BUSY, FAILED (and CONGESTION); a cancelled call is NO ANSWER there. */
    static String asteriskDisposition(Disposition d) {
        return switch (d) {
            case ANSWERED, NO_ANSWER, BUSY, FAILED -> d.label();
            case CANCELLED -> "NO ANSWER";
            case BLOCKED_BY_POLICY -> "FAILED";
        };
    }

    /** What Asterisk's columns cannot say goes here, so nothing is lost in that layout. */
    private static String userfield(CallRecord r) {
        StringBuilder sb = new StringBuilder("disposition=").append(r.disposition().label()).append(";sip_code=").append(r.sipCode());
        if (r.hangupReason() != null) {
            sb.append(";hangup=").append(r.hungUpBy() == null ? "" : r.hungUpBy().name() + " ").append(r.hangupReason());
        }
        return sb.toString();
    }
}
