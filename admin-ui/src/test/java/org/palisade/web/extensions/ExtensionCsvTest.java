package org.palisade.web.extensions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.palisade.core.extension.Extension;

/** The extensions CSV without a server: line numbers as an editor shows them, and the export read back. */
class ExtensionCsvTest {

    private static final Set<String> PROFILES = Set.of("default", "staff");

    private static List<String> problems(String csv, Set<String> existing) {
        return ExtensionCsv.check(csv, existing, PROFILES).errors().stream().map(e -> e.line() + " " + e.field()).toList();
    }

    @Test
    void linesAreCountedAcrossQuotedLineBreaksEmptyLinesAndEveryLineEnding() {
        String csv = "number,name,password\r\n"
                + "1001,\"Two\nLines\",pw-long-enough\r\n"   // 2-3
                + "\r\n"                                       // 4
                + "10x2,Bad,pw-long-enough\r"                  // 5, a lone CR
                + "1003,,pw-long-enough\n"                     // 6
                + "1004,Short,pw\n";                           // 7
        assertThat(problems(csv, Set.of())).containsExactly("5 number", "6 name", "7 password");
        assertThat(ExtensionCsv.check(csv, Set.of(), PROFILES).valid()).singleElement()
                .satisfies(r -> assertThat(r.name()).isEqualTo("Two\nLines"));
    }

    @Test
    void theExportReadsBackAndOnlyItsEmptyPasswordsAreWrong() throws Exception {
        StringBuilder out = new StringBuilder();
        ExtensionCsv.write(List.of(new Extension("1001", "=Formula, \"quoted\"", null, "staff", "h1", "h2", true),
                new Extension("1002", "Zoë", "R&D", "default", "h1", "h2", false)), out);
        assertThat(out.toString()).isEqualTo("number,name,department,profile,password\r\n"
                + "1001,\"=Formula, \"\"quoted\"\"\",,staff,\r\n1002,Zoë,R&D,default,\r\n");
        assertThat(problems(out.toString(), Set.of())).containsExactly("2 password", "3 password");
        assertThat(problems(out.toString(), Set.of("1001"))).containsExactly("2 number", "2 password", "3 password");
        String filled = out.toString().replace(",staff,\r\n", ",staff,pw-long-enough\r\n").replace(",default,\r\n", ",default,pw-long-too\r\n");
        ExtensionCsv.Checked checked = ExtensionCsv.check(filled, Set.of(), PROFILES);
        assertThat(checked.errors()).isEmpty();
        assertThat(checked.valid()).extracting(ExtensionCsv.Row::name).containsExactly("=Formula, \"quoted\"", "Zoë");
        assertThat(checked.valid()).extracting(ExtensionCsv.Row::department).containsExactly("", "R&D");
    }

    @Test
    void aBrokenHeaderIsReportedOnLineOneAndNoRowIsRead() {
        assertThat(problems("number,name,name,password\n1001,A,B,pw-long-enough\n", Set.of())).containsExactly("1 name");
        assertThat(problems("number,name,,password\n1001,A,B,pw-long-enough\n", Set.of())).containsExactly("1 null");
        assertThat(problems("Number,name,password\n1001,A,pw-long-enough\n", Set.of())).containsExactly("1 Number", "1 number");
        assertThat(ExtensionCsv.check("number,name,pass\n1001,A,pw-long-enough\n", Set.of(), PROFILES).valid()).isEmpty();
    }
}
