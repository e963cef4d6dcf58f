package org.palisade.core.cdr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.io.StringWriter;
import java.time.ZoneId;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.palisade.core.call.Direction;
import org.palisade.core.call.Disposition;
import org.palisade.core.call.Party;

class CdrCsvTest {

    private static final long T0 = 1_764_064_800_000L; // 2025-11-25T10:00:00Z
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static final CallRecord ANSWERED = new CallRecord("abc@host", "1001", "1002", Direction.INTERNAL, null, T0, T0 + 4_250,
            T0 + 64_000, 64, 60, Disposition.ANSWERED, 200, Party.CALLER, "BYE", "audio,video", "audio", 10L, 1_720L, 12L, 2_064L);
    private static final CallRecord CANCELLED = new CallRecord("id,with \"quotes\"", "Ünïcode, Jr", "1003", Direction.OUTBOUND,
            "pbx1", T0 + 1_000, null, T0 + 3_000, 2, 0, Disposition.CANCELLED, 487, Party.CALLER, "CANCEL", null, null,
            null, null, null, null);

    private static String write(CdrCsv.Layout layout, boolean bom, boolean header) throws Exception {
        StringWriter out = new StringWriter();
        try (CdrCsv csv = new CdrCsv(out, layout, BERLIN, bom, header)) {
            csv.write(ANSWERED);
            csv.write(CANCELLED);
        }
        return out.toString();
    }

    private static List<CSVRecord> read(String text) throws Exception {
        try (CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(text))) {
            return p.getRecords();
        }
    }

    @Test
    void palisadeLayoutReadsBackWithItsHeader() throws Exception {
        String text = write(CdrCsv.Layout.PALISADE, false, true);
        assertThat(text).startsWith("call_id,caller,callee,direction,trunk,start,answer,end,duration,billsec,disposition,");
        assertThat(text).contains("\r\n"); // RFC 4180 line ends

        List<CSVRecord> rows = read(text);
        assertThat(rows).hasSize(2);
        CSVRecord a = rows.get(0);
        assertThat(a.get("call_id")).isEqualTo("abc@host");
        assertThat(a.get("start")).isEqualTo("2025-11-25T11:00:00.000+01:00");
        assertThat(a.get("answer")).isEqualTo("2025-11-25T11:00:04.250+01:00");
        assertThat(a.get("duration")).isEqualTo("64");
        assertThat(a.get("billsec")).isEqualTo("60");
        assertThat(a.get("disposition")).isEqualTo("ANSWERED");
        assertThat(a.get("hangup_by")).isEqualTo("CALLER");
        assertThat(a.get("media_offered")).isEqualTo("audio,video");
        assertThat(a.get("bytes_from_callee")).isEqualTo("2064");

        CSVRecord c = rows.get(1);
        assertThat(c.get("call_id")).isEqualTo("id,with \"quotes\"");
        assertThat(c.get("caller")).isEqualTo("Ünïcode, Jr");
        assertThat(c.get("answer")).isEmpty();
        assertThat(c.get("disposition")).isEqualTo("CANCELLED");
        assertThat(c.get("trunk")).isEqualTo("pbx1");
        assertThat(rows.get(0).getParser().getHeaderNames()).isEqualTo(CdrCsv.Layout.PALISADE.columns());
    }

    @Test
    void theBomComesFirstOnlyWhenAskedFor() throws Exception {
        String withBom = write(CdrCsv.Layout.PALISADE, true, true);
        assertThat(withBom.charAt(0)).isEqualTo('\uFEFF');
        assertThat(read(withBom.substring(1))).hasSize(2);
        assertThat(write(CdrCsv.Layout.PALISADE, false, true).charAt(0)).isEqualTo('c');
    }

    @Test
    void asteriskLayoutHasCdrCsvColumnsInOrder() throws Exception {
        String text = write(CdrCsv.Layout.ASTERISK, false, true);
        List<CSVRecord> rows = read(text);
        assertThat(rows.get(0).getParser().getHeaderNames()).containsExactly("accountcode", "src", "dst", "dcontext", "clid",
                "channel", "dstchannel", "lastapp", "lastdata", "start", "answer", "end", "duration", "billsec", "disposition",
                "amaflags", "uniqueid", "userfield");
        CSVRecord a = rows.get(0);
        assertThat(a.size()).isEqualTo(18);
        assertThat(a.values()).containsExactly("", "1001", "1002", "internal", "1001", "SIP/1001", "SIP/1002", "Dial", "1002",
                "2025-11-25 11:00:00", "2025-11-25 11:00:04", "2025-11-25 11:01:04", "64", "60", "ANSWERED", "DOCUMENTATION",
                "abc@host", "disposition=ANSWERED;sip_code=200;hangup=CALLER BYE");
        CSVRecord c = rows.get(1);
        assertThat(c.get("answer")).isEmpty();
        assertThat(c.get("disposition")).isEqualTo("NO ANSWER"); // Asterisk has no CANCELLED
        assertThat(c.get("dstchannel")).isEqualTo("SIP/pbx1");
        assertThat(c.get("userfield")).contains("disposition=CANCELLED");

        String bare = write(CdrCsv.Layout.ASTERISK, false, false);
        assertThat(bare).startsWith("\"\",1001,1002,internal");
    }
}
