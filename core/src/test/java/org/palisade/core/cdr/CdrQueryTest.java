package org.palisade.core.cdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.palisade.core.call.Direction;
import org.palisade.core.call.Disposition;

class CdrQueryTest {

    private static final Instant NOV = Instant.parse("2025-11-01T00:00:00Z");
    private static final Instant DEC = Instant.parse("2025-12-01T00:00:00Z");

    @Test
    void theBuilderSetsEveryFieldAndLeavesTheRestUnfiltered() {
        CdrQuery q = CdrQuery.builder().from(NOV).to(DEC).extension("1001").direction("outbound").disposition("no answer")
                .trunk("pbx1").department("Sales").after("1764064800000-42").limit(50).build();
        assertThat(q).isEqualTo(new CdrQuery(NOV, DEC, "1001", Direction.OUTBOUND, Disposition.NO_ANSWER, "pbx1", "Sales",
                new CdrCursor(1_764_064_800_000L, 42), 50));
        assertThat(CdrQuery.between(NOV, DEC)).isEqualTo(new CdrQuery(NOV, DEC, null, 0));
        assertThat(CdrQuery.builder().direction((String) null).disposition((String) null).after((String) null).build())
                .isEqualTo(new CdrQuery(null, null, null, 0));
    }

    @Test
    void dispositionsAreReadAsLabelsOrConstantNames() {
        assertThat(CdrQuery.parseDisposition("NO ANSWER")).isEqualTo(Disposition.NO_ANSWER);
        assertThat(CdrQuery.parseDisposition("no_answer")).isEqualTo(Disposition.NO_ANSWER);
        assertThat(CdrQuery.parseDisposition("blocked-by-policy")).isEqualTo(Disposition.BLOCKED_BY_POLICY);
        assertThat(CdrQuery.parseDisposition(" answered ")).isEqualTo(Disposition.ANSWERED);
        assertThat(CdrQuery.parseDirection("Inbound")).isEqualTo(Direction.INBOUND);
    }

    @Test
    void badValuesNameTheirField() {
        record Bad(String field, Runnable build) {
        }
        Bad[] cases = {
            new Bad("direction: one of INTERNAL, OUTBOUND, INBOUND, got 'sideways'", () -> CdrQuery.builder().direction("sideways")),
            new Bad("disposition: one of ANSWERED, NO ANSWER, BUSY", () -> CdrQuery.builder().disposition("HUNG")),
            new Bad("to: must be after from", () -> CdrQuery.between(DEC, NOV)),
            new Bad("to: must be after from", () -> CdrQuery.between(NOV, NOV)),
            new Bad("limit: between 0 and 100000", () -> CdrQuery.builder().limit(-1).build()),
            new Bad("limit: between 0 and 100000", () -> CdrQuery.builder().limit(100_001).build()),
            new Bad("extension: must not be blank", () -> CdrQuery.builder().extension(" ").build()),
            new Bad("extension: at most 64 characters", () -> CdrQuery.builder().extension("1".repeat(65)).build()),
            new Bad("trunk: must not be blank", () -> CdrQuery.builder().trunk("").build()),
            new Bad("department: at most 128 characters", () -> CdrQuery.builder().department("d".repeat(129)).build()),
            new Bad("after: not a cursor from a previous page, got 'abc'", () -> CdrQuery.builder().after("abc")),
            new Bad("after: not a cursor", () -> CdrQuery.builder().after("1-2-3")),
        };
        for (Bad bad : cases) {
            assertThatThrownBy(bad.build()::run).as(bad.field()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(bad.field());
        }
    }

    @Test
    void theNextPageKeepsTheFiltersAndMovesOnlyThePosition() {
        CdrQuery first = CdrQuery.builder().from(NOV).to(DEC).trunk("pbx1").limit(20).build();
        CdrCursor cursor = new CdrCursor(1_761_955_200_123L, 7);
        CdrQuery next = first.after(cursor);
        assertThat(next.after()).isEqualTo(cursor);
        assertThat(next.after(null)).isEqualTo(first);
        assertThat(first.withLimit(5).limit()).isEqualTo(5);
        assertThat(CdrCursor.parse(cursor.token())).isEqualTo(cursor);
    }
}
