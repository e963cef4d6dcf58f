package org.palisade.pbx.dialplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.palisade.core.trunk.Route;
import org.palisade.core.trunk.Route.Kind;

class DialPlanTest {

    private static final NumberNormalizer DE = new NumberNormalizer("DE");

    private static Route prefix(String name, int position, String prefix, int strip, String prepend, String... trunks) {
        return new Route(name, position, Kind.PREFIX, prefix, strip, prepend, List.of(trunks));
    }

    private static Route regex(String name, int position, String regex, int strip, String prepend, String... trunks) {
        return new Route(name, position, Kind.REGEX, regex, strip, prepend, List.of(trunks));
    }

    private static Optional<DialPlan.Outbound> route(DialPlan plan, String dialled) {
        return plan.route(DE.classify(dialled));
    }

    /** A German office: emergency to the local PBX, Berlin in national form, mobiles and the rest in E.164. */
    private static final DialPlan OFFICE = new DialPlan(List.of(
            prefix("world", 4, "+", 0, "", "carrier", "pbx"),
            prefix("berlin", 2, "+4930", 3, "0", "pbx"),
            regex("mobile", 3, "\\+491[5-7][0-9]{8,9}", 0, "", "carrier"),
            prefix("emergency", 1, "11", 0, "", "pbx", "carrier")));

    @Test
    void theFirstMatchingRouteByPositionDecides() {
        assertThat(route(OFFICE, "030 1234567")).contains(new DialPlan.Outbound("berlin", "0301234567", List.of("pbx")));
        assertThat(route(OFFICE, "+49 30 1234567")).contains(new DialPlan.Outbound("berlin", "0301234567", List.of("pbx")));
        assertThat(route(OFFICE, "0151 12345678")).contains(new DialPlan.Outbound("mobile", "+4915112345678", List.of("carrier")));
        assertThat(route(OFFICE, "0044 20 7946 0000"))
                .contains(new DialPlan.Outbound("world", "+442079460000", List.of("carrier", "pbx")));
        assertThat(route(OFFICE, "112")).contains(new DialPlan.Outbound("emergency", "112", List.of("pbx", "carrier")));
        assertThat(OFFICE.routes()).extracting(Route::name).containsExactly("emergency", "berlin", "mobile", "world");
    }

    @Test
    void aRegexMustMatchTheWholeNumber() {
        DialPlan plan = new DialPlan(List.of(regex("berlin", 1, "\\+4930", 0, "", "pbx")));
        assertThat(route(plan, "030 1234567")).isEmpty();
        DialPlan prefixLike = new DialPlan(List.of(regex("berlin", 1, "\\+4930.*", 0, "", "pbx")));
        assertThat(route(prefixLike, "030 1234567")).map(DialPlan.Outbound::number).contains("+49301234567");
    }

    @Test
    void stripAndPrependRewriteTheNumber() {
        DialPlan plan = new DialPlan(List.of(prefix("national", 1, "+49", 3, "0", "pbx"), prefix("intl", 2, "+", 1, "00", "pbx")));
        assertThat(route(plan, "030 1234567")).map(DialPlan.Outbound::number).contains("0301234567");
        assertThat(route(plan, "+44 20 7946 0000")).map(DialPlan.Outbound::number).contains("00442079460000");
    }

    @Test
    void aRouteNeverSendsAnEmptyNumber() {
        DialPlan plan = new DialPlan(List.of(prefix("eats-all", 1, "11", 3, "", "pbx"), prefix("rest", 2, "1", 0, "", "carrier")));
        assertThat(route(plan, "112")).map(DialPlan.Outbound::route).contains("rest");
        assertThat(route(plan, "11880")).map(DialPlan.Outbound::number).contains("80");
    }

    @Test
    void localAndServiceNumbersAreMatchedAsDialled() {
        DialPlan plan = new DialPlan(List.of(prefix("features", 1, "*", 0, "", "pbx"), prefix("old-pbx", 2, "5", 0, "", "pbx")));
        assertThat(route(plan, "*21#")).map(DialPlan.Outbound::route).contains("features");
        assertThat(route(plan, "5123")).map(DialPlan.Outbound::number).contains("5123");
    }

    @Test
    void nothingMatchesInvalidNumbersOrNumbersWithoutARoute() {
        assertThat(route(OFFICE, "0")).isEmpty();
        assertThat(route(OFFICE, "1001")).isEmpty();
        assertThat(route(new DialPlan(List.of()), "030 1234567")).isEmpty();
    }

    @Test
    void unusableTrunksAreLeftOutWithoutFallingThrough() {
        Set<String> up = Set.of("pbx");
        assertThat(OFFICE.route(DE.classify("0151 12345678"), up::contains))
                .contains(new DialPlan.Outbound("mobile", "+4915112345678", List.of()));
        assertThat(OFFICE.route(DE.classify("0044 20 7946 0000"), up::contains))
                .contains(new DialPlan.Outbound("world", "+442079460000", List.of("pbx")));
    }
}
