package org.palisade.core.rights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ServiceRightTest {

    @ParameterizedTest
    @EnumSource(ServiceRight.class)
    void eachRightParsesFromItsLabel(ServiceRight right) {
        assertThat(ServiceRight.parse(right.label())).isEqualTo(right);
    }

    @Test
    void labelsAreWhatAdminsType() {
        assertThat(EnumSet.allOf(ServiceRight.class)).extracting(ServiceRight::label)
                .containsExactly("voice", "video", "chat", "file-transfer", "external-out", "external-in");
    }

    @Test
    void parseIgnoresCaseAndSurroundingSpace() {
        assertThat(ServiceRight.parse("  File-Transfer ")).isEqualTo(ServiceRight.FILE_TRANSFER);
    }

    @Test
    void anUnknownRightIsRejectedNamingItAndTheKnownOnes() {
        assertThatThrownBy(() -> ServiceRight.parse("telepathy"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown right 'telepathy' (known: voice,video,chat,file-transfer,external-out,external-in)");
    }

    @Test
    void theEnumConstantNameIsNotALabel() {
        assertThatThrownBy(() -> ServiceRight.parse("FILE_TRANSFER"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown right 'FILE_TRANSFER'");
    }

    @Test
    void parseListReadsACommaSeparatedListWithSpacesAndEmptyItems() {
        assertThat(ServiceRight.parseList(" video , voice,,chat,"))
                .containsExactlyInAnyOrder(ServiceRight.VOICE, ServiceRight.VIDEO, ServiceRight.CHAT);
    }

    @Test
    void parseListOfNothingIsTheEmptySet() {
        assertThat(ServiceRight.parseList(null)).isEmpty();
        assertThat(ServiceRight.parseList("")).isEmpty();
        assertThat(ServiceRight.parseList("   ")).isEmpty();
    }

    @Test
    void parseListRejectsAnUnknownRightAmongKnownOnes() {
        assertThatThrownBy(() -> ServiceRight.parseList("voice,vidoe"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown right 'vidoe'");
    }

    @Test
    void labelsAreInCanonicalOrderWhateverTheInputOrder() {
        assertThat(ServiceRight.labels(ServiceRight.parseList("external-in,chat,voice")))
                .isEqualTo("voice,chat,external-in");
        assertThat(ServiceRight.labels(Set.of())).isEmpty();
    }

    @Test
    void everySetOfRightsSurvivesLabelsAndParseList() {
        ServiceRight[] all = ServiceRight.values();
        for (int mask = 0; mask < (1 << all.length); mask++) {
            Set<ServiceRight> rights = EnumSet.noneOf(ServiceRight.class);
            for (int i = 0; i < all.length; i++) {
                if ((mask & (1 << i)) != 0) {
                    rights.add(all[i]);
                }
            }
            assertThat(ServiceRight.parseList(ServiceRight.labels(rights))).as("mask %d", mask).isEqualTo(rights);
        }
    }

    @Test
    void labelsOfAParsedListAreStableOnASecondRoundTrip() {
        String once = ServiceRight.labels(ServiceRight.parseList("VIDEO, external-out ,voice"));

        assertThat(ServiceRight.labels(ServiceRight.parseList(once))).isEqualTo(once).isEqualTo("voice,video,external-out");
    }
}
