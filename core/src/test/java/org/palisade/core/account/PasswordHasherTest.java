package org.palisade.core.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    /** Few iterations: these tests are about the format and the comparison, not the cost. */
    private final PasswordHasher fast = new PasswordHasher(1_000);

    @Test
    void theStoredFormCarriesSchemeIterationsSaltAndHashButNotThePassword() {
        String stored = fast.hash("correct horse battery".toCharArray());
        String[] parts = stored.split("\\$");
        assertThat(parts).hasSize(4);
        assertThat(parts[0]).isEqualTo("pbkdf2-sha256");
        assertThat(parts[1]).isEqualTo("1000");
        assertThat(Base64.getDecoder().decode(parts[2])).hasSize(16);
        assertThat(Base64.getDecoder().decode(parts[3])).hasSize(32);
        assertThat(stored).doesNotContain("correct", "horse");
    }

    @Test
    void verifiesTheRightPasswordOnlyAndSaltsEachHash() {
        char[] pw = "correct horse battery".toCharArray();
        String a = fast.hash(pw);
        String b = fast.hash(pw);
        assertThat(a).as("a new salt each time").isNotEqualTo(b);
        assertThat(fast.verify(pw, a)).isTrue();
        assertThat(fast.verify(pw, b)).isTrue();
        assertThat(fast.verify("correct horse batterY".toCharArray(), a)).isFalse();
        assertThat(fast.verify(new char[0], a)).isFalse();
    }

    @Test
    void theIterationCountComesFromTheStoredHashSoItCanBeRaisedLater() {
        String old = new PasswordHasher(500).hash("sesame-sesame-1".toCharArray());
        PasswordHasher raised = new PasswordHasher(2_000);
        assertThat(raised.verify("sesame-sesame-1".toCharArray(), old)).isTrue();
        assertThat(raised.needsRehash(old)).isTrue();
        assertThat(raised.needsRehash(raised.hash("x".toCharArray()))).isFalse();
    }

    @Test
    void unreadableStoredValuesAndTheDecoyNeverMatch() {
        char[] pw = "anything-at-all".toCharArray();
        assertThat(fast.verifyDecoy(pw)).isFalse();
        String good = fast.hash(pw);
        for (String bad : new String[] {null, "", "plain", "md5$1000$AAAA$BBBB", good.replace("$1000$", "$0$"),
                good.replace("$1000$", "$99999999$"), good.substring(0, good.length() - 4), good + "$extra",
                "pbkdf2-sha256$1000$!!!$" + good.split("\\$")[3]}) {
            assertThat(fast.verify(pw, bad)).as(String.valueOf(bad)).isFalse();
        }
    }

    @Test
    void defaultsToOwaspsIterationCount() {
        assertThat(new PasswordHasher().iterations()).isEqualTo(600_000);
        assertThatThrownBy(() -> new PasswordHasher(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
