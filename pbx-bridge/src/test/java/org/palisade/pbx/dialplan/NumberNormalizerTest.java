package org.palisade.pbx.dialplan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumberNormalizerTest {

    private static final NumberNormalizer DE = new NumberNormalizer("DE");
    private static final NumberNormalizer US = new NumberNormalizer("us");
    private static final NumberNormalizer NONE = new NumberNormalizer("");

    @ParameterizedTest(name = "DE {0} -> {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            030 1234567        | PUBLIC    | +49301234567
            (030) 123-45-67    | PUBLIC    | +49301234567
            030/1234567        | PUBLIC    | +49301234567
            +49 30 1234567     | PUBLIC    | +49301234567
            0049 30 1234567    | PUBLIC    | +49301234567
            0151 12345678      | PUBLIC    | +4915112345678
            0044 20 7946 0000  | PUBLIC    | +442079460000
            112                | EMERGENCY | 112
            110                | EMERGENCY | 110
            116116             | SHORT     | 116116
            *21#               | SERVICE   | *21#
            #31#0301234567     | SERVICE   | #31#0301234567
            1001               | LOCAL     | 1001
            1234567            | LOCAL     | 1234567
            """)
    void classifiesForGermany(String dialled, Dialled.Kind kind, String number) {
        Dialled d = DE.classify(dialled);
        assertThat(d.kind()).isEqualTo(kind);
        assertThat(d.number()).isEqualTo(number);
        assertThat(d.input()).isEqualTo(dialled);
    }

    @ParameterizedTest(name = "US {0} -> {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            (202) 555-0123   | PUBLIC    | +12025550123
            1 202 555 0123   | PUBLIC    | +12025550123
            011 49 30 1234567| PUBLIC    | +49301234567
            911              | EMERGENCY | 911
            5551234          | LOCAL     | 5551234
            """)
    void classifiesForTheUnitedStates(String dialled, Dialled.Kind kind, String number) {
        Dialled d = US.classify(dialled);
        assertThat(d.kind()).isEqualTo(kind);
        assertThat(d.number()).isEqualTo(number);
    }

    @ParameterizedTest
    @CsvSource({"0", "00", "+1", "+999123", "+4930123456789012345", "abc", "030 12x", "''"})
    void refusesWhatCannotBeANumber(String dialled) {
        Dialled d = DE.classify(dialled);
        assertThat(d.kind()).isEqualTo(Dialled.Kind.INVALID);
        assertThat(d.number()).isNull();
        assertThat(d.problem()).isNotBlank();
        assertThat(d.routable()).isFalse();
    }

    @Test
    void refusesOverlongInputBeforeParsing() {
        assertThat(DE.classify("1".repeat(33)).kind()).isEqualTo(Dialled.Kind.INVALID);
        assertThat(DE.classify(null).kind()).isEqualTo(Dialled.Kind.INVALID);
    }

    @Test
    void withoutADefaultCountryOnlyPlusNumbersAreNormalised() {
        assertThat(NONE.defaultCountry()).isEmpty();
        assertThat(NONE.classify("+49 30 1234567").number()).isEqualTo("+49301234567");
        assertThat(NONE.classify("030 1234567").kind()).isEqualTo(Dialled.Kind.LOCAL);
        assertThat(NONE.classify("112").kind()).isEqualTo(Dialled.Kind.LOCAL);
        assertThat(new NumberNormalizer(null).classify("+12025550123").kind()).isEqualTo(Dialled.Kind.PUBLIC);
    }

    @Test
    void toE164AcceptsOnlyPublicNumbers() {
        assertThat(DE.toE164("030 1234567")).isEqualTo("+49301234567");
        assertThat(NONE.toE164("+49 (30) 1234567")).isEqualTo("+49301234567");
        assertThatThrownBy(() -> NONE.toE164("030 1234567")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("number: '030 1234567'").hasMessageContaining("+E.164");
        assertThatThrownBy(() -> DE.toE164("1001")).hasMessageStartingWith("number:").hasMessageContaining("DE");
        assertThatThrownBy(() -> DE.toE164("112")).hasMessageStartingWith("number:");
        assertThatThrownBy(() -> DE.toE164("0")).hasMessageStartingWith("number:");
    }

    @Test
    void unknownCountriesAreRefused() {
        assertThatThrownBy(() -> new NumberNormalizer("XX")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("defaultCountry:").hasMessageContaining("'XX'");
        assertThatThrownBy(() -> new NumberNormalizer("Germany")).hasMessageStartingWith("defaultCountry:");
        assertThat(new NumberNormalizer(" de ").defaultCountry()).contains("DE");
    }
}
