package org.palisade.pbx.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private static final String KEY = SecretBox.generateKey();
    private static final SecretBox BOX = SecretBox.fromKey(KEY);

    @Test
    void sealsAndOpensAgain() {
        String sealed = BOX.seal("trunk:pbx1", "Zugangs-Passwört!".toCharArray());
        assertThat(sealed).startsWith("v1:").doesNotContain("Zugangs");
        assertThat(BOX.open("trunk:pbx1", sealed)).containsExactly("Zugangs-Passwört!".toCharArray());
        // 12-byte nonce + 18 bytes of UTF-8 + 16-byte tag
        assertThat(Base64.getDecoder().decode(sealed.substring(3))).hasSize(12 + 18 + 16);
    }

    @Test
    void aFreshNonceEachTime() {
        char[] password = "same-password".toCharArray();
        assertThat(BOX.seal("trunk:a", password)).isNotEqualTo(BOX.seal("trunk:a", password));
        assertThat(password).containsExactly("same-password".toCharArray()); // the caller's copy is the caller's
    }

    @Test
    void anotherKeyCannotOpenIt() {
        String sealed = BOX.seal("trunk:pbx1", "secret-one".toCharArray());
        SecretBox other = SecretBox.fromKey(SecretBox.generateKey());
        assertThatThrownBy(() -> other.open("trunk:pbx1", sealed))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("trunk:pbx1").hasMessageContaining("wrong key")
                .hasMessageNotContaining("secret-one");
    }

    @Test
    void tamperingIsDetected() {
        String sealed = BOX.seal("trunk:pbx1", "secret-one".toCharArray());
        byte[] raw = Base64.getDecoder().decode(sealed.substring(3));
        for (int i : new int[] {0, 12, raw.length - 1}) { // nonce, ciphertext, tag
            byte[] bent = raw.clone();
            bent[i] ^= 1;
            String tampered = "v1:" + Base64.getEncoder().encodeToString(bent);
            assertThatThrownBy(() -> BOX.open("trunk:pbx1", tampered)).as("byte " + i).isInstanceOf(SecretException.class)
                    .hasMessageContaining("altered");
        }
        assertThatThrownBy(() -> BOX.open("trunk:pbx1", "v1:" + Base64.getEncoder().encodeToString(new byte[20])))
                .isInstanceOf(SecretException.class).hasMessageContaining("too short");
        assertThatThrownBy(() -> BOX.open("trunk:pbx1", "v1:%%%")).isInstanceOf(SecretException.class).hasMessageContaining("base64");
    }

    @Test
    void sealedTextIsBoundToItsPurpose() {
        String sealed = BOX.seal("trunk:pbx1", "secret-one".toCharArray());
        assertThatThrownBy(() -> BOX.open("trunk:pbx2", sealed)).isInstanceOf(SecretException.class);
    }

    @Test
    void unknownFormatsAreNamedWithoutShowingTheValue() {
        assertThatThrownBy(() -> BOX.open("trunk:x", "v2:AAAA")).hasMessageContaining("version v2");
        assertThatThrownBy(() -> BOX.open("trunk:x", "hunter2:plain")).hasMessageContaining("version none")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> BOX.open("trunk:x", null)).isInstanceOf(SecretException.class);
    }

    @Test
    void badKeysAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> SecretBox.fromKey("")).hasMessage("key: empty");
        assertThatThrownBy(() -> SecretBox.fromKey("not*base64")).hasMessage("key: not base64");
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> SecretBox.fromKey(shortKey)).hasMessage("key: must be 32 bytes (AES-256), got 16");
    }

    @Test
    void generatedKeysAreFreshAndUsable() {
        String a = SecretBox.generateKey();
        assertThat(Base64.getDecoder().decode(a)).hasSize(32);
        assertThat(a).isNotEqualTo(SecretBox.generateKey());
        assertThat(BOX.toString()).doesNotContain(KEY).contains("hidden");
    }
}
