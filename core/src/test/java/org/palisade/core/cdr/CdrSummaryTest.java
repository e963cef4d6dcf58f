package org.palisade.core.cdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.palisade.core.cdr.CdrSummary.By;
import org.palisade.core.cdr.CdrSummary.Line;
import org.palisade.core.cdr.CdrSummary.Totals;

class CdrSummaryTest {

    private static final YearMonth NOV = YearMonth.of(2025, 11);
    private static final YearMonth DEC = YearMonth.of(2025, 12);

    @Test
    void linesAreOrderedByMonthThenKeyWithNoKeyLastAndTotalsAreTheirSum() {
        CdrSummary s = CdrSummary.of(By.TRUNK, List.of(
                new Line(DEC, "pbx1", 1, 1, 60, 55),
                new Line(NOV, null, 4, 2, 100, 80),
                new Line(NOV, "pbx2", 2, 0, 10, 0),
                new Line(NOV, "pbx1", 3, 3, 300, 290)));
        assertThat(s.lines()).extracting(Line::month, Line::key)
                .containsExactly(tuple(NOV, "pbx1"), tuple(NOV, "pbx2"),
                        tuple(NOV, null), tuple(DEC, "pbx1"));
        assertThat(s.totals()).isEqualTo(new Totals(10, 6, 470, 425));
        assertThat(s.monthTotals()).containsExactly(
                entry(NOV, new Totals(9, 5, 410, 370)), entry(DEC, new Totals(1, 1, 60, 55)));
    }

    @Test
    void totalsThatDisagreeWithTheLinesAreRefused() {
        List<Line> lines = List.of(new Line(NOV, "1001", 1, 1, 60, 55));
        assertThatThrownBy(() -> new CdrSummary(By.EXTENSION, lines, new Totals(2, 1, 60, 55)))
                .hasMessageStartingWith("totals:");
    }

    @Test
    void groupingIsReadInAnyCaseAndABadOneNamesTheField() {
        assertThat(By.parse("Department")).isEqualTo(By.DEPARTMENT);
        assertThat(By.parse("trunk")).isEqualTo(By.TRUNK);
        assertThat(By.EXTENSION.label()).isEqualTo("extension");
        assertThatThrownBy(() -> By.parse("month")).hasMessage("by: extension, department or trunk, got 'month'");
        assertThatThrownBy(() -> By.parse(null)).hasMessageStartingWith("by:");
    }
}
