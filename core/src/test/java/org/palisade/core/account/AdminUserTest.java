package org.palisade.core.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AdminUserTest {

    @Test
    void rolesHaveLowerCaseLabelsAndParseBack() {
        assertThat(Role.ADMIN.label()).isEqualTo("admin");
        assertThat(Role.parse(" Finance ")).isEqualTo(Role.FINANCE);
        assertThatThrownBy(() -> Role.parse("root")).hasMessage("role: 'root' is not one of admin, auditor, finance");
        assertThatThrownBy(() -> Role.parse(null)).hasMessageStartingWith("role:");
    }

    @Test
    void namesAreKeptInLowerCaseAndChecked() {
        AdminUser u = new AdminUser(" Alice@Corp.Example ", Role.AUDITOR, "h", true, Instant.EPOCH);
        assertThat(u.name()).isEqualTo("alice@corp.example");
        for (String bad : new String[] {"", "-alice", "al ice", "a".repeat(65), "alice/x", "älice"}) {
            assertThatThrownBy(() -> new AdminUser(bad, Role.ADMIN, "h", true, Instant.EPOCH)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("name:");
        }
        assertThatThrownBy(() -> new AdminUser("bob", null, "h", true, Instant.EPOCH)).hasMessageStartingWith("role:");
    }

    @Test
    void toStringLeavesTheHashOut() {
        AdminUser u = new AdminUser("bob", Role.ADMIN, "pbkdf2-sha256$1$c2FsdA$secret-hash", true, Instant.EPOCH);
        assertThat(u.toString()).contains("bob", "admin").doesNotContain("secret-hash", "pbkdf2");
    }
}
