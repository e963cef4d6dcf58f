package org.palisade.core.cdr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.palisade.core.call.Direction;
import org.palisade.core.call.Disposition;
import org.palisade.core.call.Party;

/** Plain mode writes what is stored; excel mode keeps hostile text from running as a formula. */
class CdrCsvExcelTest {

    private static final long T0 = 1_764_064_800_000L; // 2025-11-25T10:00:00Z

    /** Caller names as an attacker would choose them in a From header, and numbers a counter cannot have. */
    private static final CallRecord HOSTILE = new CallRecord("=cmd|' /C calc'!A0", "=HYPERLINK(\"http://evil\",\"x\")",
            "+1 555", Direction.INBOUND, "@SUM(A1:A9)", T0, T0 + 1_000, T0 + 61_000, 61, 60, Disposition.ANSWERED, 200,
            Party.CALLER, "-2+3", "\taudio", "\raudio", -1L, -2L, 3L, 4L);

    private static String write(CdrCsv.Layout layout, CdrCsv.Mode mode) throws Exception {
        StringWriter out = new StringWriter();
        try (CdrCsv csv = new CdrCsv(out, layout, ZoneOffset.UTC, mode, true)) {
            csv.write(HOSTILE);
        }
        return out.toString();
    }

    private static CSVRecord read(String text) throws Exception {
        try (CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(text))) {
            List<CSVRecord> rows = p.getRecords();
            assertThat(rows).hasSize(1);
            return rows.get(0);
        }
    }

    @Test
    void plainModeWritesEveryValueExactlyAsStored() throws Exception {
        String text = write(CdrCsv.Layout.PALISADE, CdrCsv.Mode.PLAIN);
        assertThat(text).startsWith("call_id,");
        CSVRecord r = read(text);
        assertThat(r.get("call_id")).isEqualTo("=cmd|' /C calc'!A0");
        assertThat(r.get("caller")).isEqualTo("=HYPERLINK(\"http://evil\",\"x\")");
        assertThat(r.get("callee")).isEqualTo("+1 555");
        assertThat(r.get("trunk")).isEqualTo("@SUM(A1:A9)");
        assertThat(r.get("hangup_reason")).isEqualTo("-2+3");
        assertThat(r.get("media_offered")).isEqualTo("\taudio");
        assertThat(r.get("media_used")).isEqualTo("\raudio");
        assertThat(r.get("packets_from_caller")).isEqualTo("-1");
        assertThat(r.get("bytes_from_caller")).isEqualTo("-2");
        assertThat(text).contains(",-1,-2,3,4\r\n"); // numbers unquoted, as numbers
    }

    @Test
    void excelModeStartsWithABomAndQuotesFormulaTextButNotNumbers() throws Exception {
        String text = write(CdrCsv.Layout.PALISADE, CdrCsv.Mode.EXCEL);
        assertThat(text.charAt(0)).isEqualTo('\uFEFF');
        CSVRecord r = read(text.substring(1));
        assertThat(r.get("call_id")).isEqualTo("'=cmd|' /C calc'!A0");
        assertThat(r.get("caller")).isEqualTo("'=HYPERLINK(\"http://evil\",\"x\")");
        assertThat(r.get("callee")).isEqualTo("'+1 555");
        assertThat(r.get("trunk")).isEqualTo("'@SUM(A1:A9)");
        assertThat(r.get("hangup_reason")).isEqualTo("'-2+3");
        assertThat(r.get("media_offered")).isEqualTo("'\taudio");
        assertThat(r.get("media_used")).isEqualTo("'\raudio");
        // text that starts harmlessly stays as it is
        assertThat(r.get("direction")).isEqualTo("INBOUND");
        assertThat(r.get("start")).isEqualTo("2025-11-25T10:00:00.000Z");
        assertThat(r.get("hangup_by")).isEqualTo("CALLER");
        // numeric columns are numbers, a negative one included: no quote, so the sheet can add them up
        assertThat(r.get("duration")).isEqualTo("61");
        assertThat(r.get("billsec")).isEqualTo("60");
        assertThat(r.get("sip_code")).isEqualTo("200");
        assertThat(r.get("packets_from_caller")).isEqualTo("-1");
        assertThat(r.get("bytes_from_caller")).isEqualTo("-2");
    }

    @Test
    void excelModeCoversTheAsteriskLayoutToo() throws Exception {
        CSVRecord r = read(write(CdrCsv.Layout.ASTERISK, CdrCsv.Mode.EXCEL).substring(1));
        assertThat(r.get("src")).isEqualTo("'=HYPERLINK(\"http://evil\",\"x\")");
        assertThat(r.get("clid")).isEqualTo("'=HYPERLINK(\"http://evil\",\"x\")");
        assertThat(r.get("dst")).isEqualTo("'+1 555");
        assertThat(r.get("lastdata")).isEqualTo("'+1 555");
        assertThat(r.get("uniqueid")).isEqualTo("'=cmd|' /C calc'!A0");
        assertThat(r.get("channel")).isEqualTo("SIP/=HYPERLINK(\"http://evil\",\"x\")"); // starts with S: inert
        assertThat(r.get("duration")).isEqualTo("61");
        assertThat(r.get("billsec")).isEqualTo("60");
    }

    @Test
    void onlyTheSixOwaspLeadCharactersAreEscaped() {
        for (String formula : List.of("=1+1", "+1", "-1", "@A1", "\t=1", "\r=1")) {
            assertThat(SpreadsheetText.escape(formula)).isEqualTo("'" + formula);
        }
        for (String harmless : List.of("1001", "Zoë", " =1", "a=b", "'quoted", "")) {
            assertThat(SpreadsheetText.escape(harmless)).isEqualTo(harmless);
        }
        assertThat(SpreadsheetText.escape(null)).isNull();
    }

    @Test
    void theBomWithoutEscapingIsStillThere() throws Exception {
        String text = write(CdrCsv.Layout.PALISADE, CdrCsv.Mode.PLAIN_WITH_BOM);
        assertThat(text.charAt(0)).isEqualTo('\uFEFF');
        assertThat(read(text.substring(1)).get("caller")).isEqualTo("=HYPERLINK(\"http://evil\",\"x\")");
    }
}
