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

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");
    private static final DateTimeFormatter ASTERISK_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private final CSVPrinter printer;
    private final Layout layout;
    private final DateTimeFormatter iso;
    private final DateTimeFormatter asteriskTime;

    /**
     * @param bom write U+FEFF first: Excel reads a CSV file as UTF-8 only when it starts with one
     *            (the writer must encode UTF-8)
     */
    public CdrCsv(Writer out, Layout layout, ZoneId zone, boolean bom, boolean header) throws IOException {
        this.layout = layout;
        this.iso = ISO.withZone(zone);
        this.asteriskTime = ASTERISK_TIME.withZone(zone);
        if (bom) {
            out.write('\uFEFF');
        }
        CSVFormat.Builder format = CSVFormat.RFC4180.builder();
        if (header) {
            format.setHeader(layout.columns().toArray(String[]::new));
        }
        this.printer = new CSVPrinter(out, format.get());
    }

    public void write(CallRecord r) throws IOException {
        if (layout == Layout.PALISADE) {
            printer.printRecord(r.callId(), r.caller(), r.callee(), r.direction().name(), r.trunk(),
                    iso.format(r.start()), r.answer() == null ? null : iso.format(r.answer()), iso.format(r.end()),
                    r.durationSeconds(), r.billsec(), r.disposition().label(), r.sipCode(),
                    r.hungUpBy() == null ? null : r.hungUpBy().name(), r.hangupReason(), r.mediaOffered(), r.mediaUsed(),
                    r.packetsFromCaller(), r.bytesFromCaller(), r.packetsFromCallee(), r.bytesFromCallee());
        } else {
            printer.printRecord("", r.caller(), r.callee(), r.direction().name().toLowerCase(java.util.Locale.ROOT),
                    r.caller(), "SIP/" + r.caller(), r.trunk() != null ? "SIP/" + r.trunk() : "SIP/" + r.callee(),
                    "Dial", r.callee(), asteriskTime.format(r.start()),
                    r.answer() == null ? "" : asteriskTime.format(r.answer()), asteriskTime.format(r.end()),
                    r.durationSeconds(), r.billsec(), asteriskDisposition(r.disposition()), "DOCUMENTATION", r.callId(),
                    userfield(r));
        }
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
