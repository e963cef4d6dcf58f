package org.palisade.core.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The stored HA1 values must be the ones every phone computes: checked against the worked
 * example of RFC 7616 section 3.9.1, whose published responses are derived from HA1.
 */
class DigestHashesTest {

    private static final String USER = "Mufasa";
    private static final String REALM = "http-auth@example.org";
    private static final char[] PASSWORD = "Circle of Life".toCharArray();
    private static final String METHOD = "GET";
    private static final String URI = "/dir/index.html";
    private static final String NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private static final String NC = "00000001";
    private static final String CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    private static String response(String algorithm, String ha1) {
        String ha2 = DigestHashes.hex(algorithm, METHOD + ":" + URI);
        return DigestHashes.hex(algorithm, ha1 + ":" + NONCE + ":" + NC + ":" + CNONCE + ":auth:" + ha2);
    }

    @Test
    void md5Ha1GivesTheResponsePublishedInRfc7616() {
        DigestHashes hashes = DigestHashes.of(USER, REALM, PASSWORD);

        assertThat(response("MD5", hashes.md5())).isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
    }

    @Test
    void sha256Ha1GivesTheResponsePublishedInRfc7616() {
        DigestHashes hashes = DigestHashes.of(USER, REALM, PASSWORD);

        assertThat(response("SHA-256", hashes.sha256()))
                .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    }

    @Test
    void hashesAreLowerCaseHexOfTheAlgorithmsLength() {
        DigestHashes hashes = DigestHashes.of(USER, REALM, PASSWORD);

        assertThat(hashes.md5()).matches("[0-9a-f]{32}");
        assertThat(hashes.sha256()).matches("[0-9a-f]{64}");
    }

    @Test
    void theRealmIsPartOfTheHash() {
        DigestHashes here = DigestHashes.of("1001", "palisade.example", "correct-horse".toCharArray());
        DigestHashes elsewhere = DigestHashes.of("1001", "other.example", "correct-horse".toCharArray());

        assertThat(here.md5()).isNotEqualTo(elsewhere.md5());
        assertThat(here.sha256()).isNotEqualTo(elsewhere.sha256());
    }

    @Test
    void aPasswordShorterThanEightCharactersIsRejected() {
        assertThatThrownBy(() -> DigestHashes.of("1001", "palisade.example", "1234567".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("password");
    }

    @Test
    void aMissingPasswordIsRejected() {
        assertThatThrownBy(() -> DigestHashes.of("1001", "palisade.example", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("password");
    }

    @Test
    void aPasswordOfExactlyEightCharactersIsAccepted() {
        DigestHashes hashes = DigestHashes.of("1001", "palisade.example", "12345678".toCharArray());

        assertThat(hashes.md5()).isEqualTo(DigestHashes.hex("MD5", "1001:palisade.example:12345678"));
    }

    @Test
    void nonAsciiPasswordsAreHashedAsUtf8() {
        DigestHashes hashes = DigestHashes.of("1001", "palisade.example", "Grüße-aus-Köln".toCharArray());

        assertThat(hashes.sha256()).isEqualTo(DigestHashes.hex("SHA-256", "1001:palisade.example:Grüße-aus-Köln"));
        assertThat(hashes.md5()).isNotEqualTo(DigestHashes.hex("MD5", "1001:palisade.example:Gr??e-aus-K?ln"));
    }
}
