package org.palisade.core.rights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RightsProfileTest {

    @ParameterizedTest
    @ValueSource(strings = {"default", "a", "7", "Sales-EMEA", "call_centre.night", "x-"})
    void validNamesAreAccepted(String name) {
        assertThat(new RightsProfile(name, Set.of()).name()).isEqualTo(name);
    }

    @Test
    void aNameOfSixtyFourCharactersIsAccepted() {
        String name = "p" + "x".repeat(63);

        assertThat(new RightsProfile(name, Set.of()).name()).hasSize(64);
    }

    @Test
    void aNameOfSixtyFiveCharactersIsRejected() {
        assertThatThrownBy(() -> new RightsProfile("p" + "x".repeat(64), Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("name");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "-sales", ".hidden", "_x", "sales team", "sales/emea", "verkäufer", "a;DROP", "sales\n"})
    void invalidNamesAreRejectedNamingTheField(String name) {
        assertThatThrownBy(() -> new RightsProfile(name, Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("name:");
    }

    @Test
    void allowsTellsWhichRightsTheProfileGrants() {
        RightsProfile profile = new RightsProfile("staff", EnumSet.of(ServiceRight.VOICE, ServiceRight.CHAT));

        assertThat(profile.allows(ServiceRight.VOICE)).isTrue();
        assertThat(profile.allows(ServiceRight.CHAT)).isTrue();
        assertThat(profile.allows(ServiceRight.VIDEO)).isFalse();
        assertThat(profile.allows(ServiceRight.EXTERNAL_OUT)).isFalse();
    }

    @Test
    void laterChangesToTheGivenSetDoNotChangeTheProfile() {
        Set<ServiceRight> rights = EnumSet.of(ServiceRight.VOICE);
        RightsProfile profile = new RightsProfile("staff", rights);

        rights.add(ServiceRight.EXTERNAL_OUT);

        assertThat(profile.allows(ServiceRight.EXTERNAL_OUT)).isFalse();
    }

    @Test
    void theRightsCannotBeChangedThroughTheProfile() {
        RightsProfile profile = new RightsProfile("staff", EnumSet.of(ServiceRight.VOICE));

        assertThatThrownBy(() -> profile.rights().add(ServiceRight.EXTERNAL_OUT))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void anEmptyProfileAllowsNothing() {
        RightsProfile locked = new RightsProfile("locked", Set.of());

        for (ServiceRight right : ServiceRight.values()) {
            assertThat(locked.allows(right)).isFalse();
        }
    }
}
