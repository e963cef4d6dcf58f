package org.palisade.pbx.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.palisade.pbx.sip.DigestClient.Challenge;

class DigestClientTest {

    // RFC 7616 3.9.1: the same request answered with SHA-256 and with MD5
    private static final String RFC7616_REALM = "http-auth@example.org";
    private static final String RFC7616_NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private static final String RFC7616_CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    private static final String RFC7616_OPAQUE = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";

    private static String rfc7616Challenge(String algorithm) {
        return "Digest realm=\"" + RFC7616_REALM + "\", qop=\"auth, auth-int\", algorithm=" + algorithm + ", nonce=\"" + RFC7616_NONCE
                + "\", opaque=\"" + RFC7616_OPAQUE + "\"";
    }

    @Test
    void answersTheRfc7616Sha256Example() {
        Challenge c = Challenge.parse(rfc7616Challenge("SHA-256")).orElseThrow();
        String auth = DigestClient.authorization(c, "Mufasa", "Circle of Life".toCharArray(), "GET", "/dir/index.html", RFC7616_CNONCE, 1);
        Map<String, String> p = params(auth);
        assertThat(p).containsEntry("response", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")
                .containsEntry("username", "Mufasa").containsEntry("realm", RFC7616_REALM).containsEntry("uri", "/dir/index.html")
                .containsEntry("algorithm", "SHA-256").containsEntry("nonce", RFC7616_NONCE).containsEntry("nc", "00000001")
                .containsEntry("cnonce", RFC7616_CNONCE).containsEntry("qop", "auth").containsEntry("opaque", RFC7616_OPAQUE);
    }

    @Test
    void answersTheRfc7616Md5Example() {
        Challenge c = Challenge.parse(rfc7616Challenge("MD5")).orElseThrow();
        String auth = DigestClient.authorization(c, "Mufasa", "Circle of Life".toCharArray(), "GET", "/dir/index.html", RFC7616_CNONCE, 1);
        assertThat(params(auth)).containsEntry("response", "8ca523f5e9506fed4657c9700eebdbec").containsEntry("algorithm", "MD5");
    }

    @Test
    void answersTheRfc2617Example() {
        // RFC 2617 3.5: no algorithm parameter means MD5, and none is sent back
        Challenge c = Challenge.parse("Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"").orElseThrow();
        String auth = DigestClient.authorization(c, "Mufasa", "Circle Of Life".toCharArray(), "GET", "/dir/index.html", "0a4f113b", 1);
        assertThat(params(auth)).containsEntry("response", "6629fae49393a05397450978507c4ef1").doesNotContainKey("algorithm");
    }

    @Test
    void answersTheLegacyFormWithoutQop() {
        // RFC 2069's own example response is known to be wrong (errata); this value is
        // MD5(HA1:nonce:HA2) computed independently (Python hashlib) for RFC 2617's credentials.
        Challenge c = Challenge.parse("Digest realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\"").orElseThrow();
        String auth = DigestClient.authorization(c, "Mufasa", "Circle Of Life".toCharArray(), "GET", "/dir/index.html", "ignored", 1);
        assertThat(params(auth)).containsEntry("response", "670fd8c2df070c60b045671b8b24ff02")
                .doesNotContainKeys("qop", "nc", "cnonce", "opaque");
    }

    @Test
    void countsNoncesInEightHexDigits() {
        Challenge c = Challenge.parse(rfc7616Challenge("MD5")).orElseThrow();
        String auth = DigestClient.authorization(c, "u", "p".toCharArray(), "REGISTER", "sip:pbx", "x", 255);
        assertThat(params(auth)).containsEntry("nc", "000000ff");
    }

    @Test
    void prefersTheStrongestSupportedAlgorithm() {
        String md5 = "Digest realm=\"pbx\", nonce=\"n1\", algorithm=MD5, qop=\"auth\"";
        String sha = "Digest realm=\"pbx\", nonce=\"n2\", algorithm=SHA-256, qop=\"auth\"";
        String unknown = "Digest realm=\"pbx\", nonce=\"n3\", algorithm=SHA-512-256, qop=\"auth\"";
        assertThat(DigestClient.choose(List.of(md5, unknown, sha)).orElseThrow().nonce()).isEqualTo("n2");
        assertThat(DigestClient.choose(List.of(unknown, md5)).orElseThrow().nonce()).isEqualTo("n1");
    }

    @Test
    void skipsWhatItCannotAnswer() {
        assertThat(DigestClient.choose(List.of(
                "Basic realm=\"pbx\"",
                "Digest realm=\"pbx\", nonce=\"n\", algorithm=MD5-sess, qop=\"auth\"",
                "Digest realm=\"pbx\", nonce=\"n\", algorithm=MD5, qop=\"auth-int\"",
                "Digest realm=\"pbx\", algorithm=MD5",
                "Digest realm=\"unclosed, nonce=\"n\""))).isEmpty();
        Challenge authInt = Challenge.parse("Digest realm=\"pbx\", nonce=\"n\", qop=\"auth-int\"").orElseThrow();
        assertThatThrownBy(() -> DigestClient.authorization(authInt, "u", "p".toCharArray(), "REGISTER", "sip:pbx", "c", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("p\"");
    }

    @Test
    void readsQuotedStringsTokensAndStale() {
        Challenge c = Challenge.parse("DIGEST REALM=\"a \\\"quoted\\\", realm\",nonce=abc , stale=TRUE,algorithm=md5,qop=\"auth\"")
                .orElseThrow();
        assertThat(c.realm()).isEqualTo("a \"quoted\", realm");
        assertThat(c.nonce()).isEqualTo("abc");
        assertThat(c.stale()).isTrue();
        assertThat(c.qop()).containsExactly("auth");
        assertThat(c.hashName()).isEqualTo("MD5");
    }

    @Test
    void quotesWhatItSends() {
        Challenge c = Challenge.parse("Digest realm=\"p\\\"bx\", nonce=\"n\", qop=\"auth\"").orElseThrow();
        String auth = new DigestClient(() -> "c0ffee").authorization(c, "trunk", "pw".toCharArray(), "REGISTER", "sip:10.0.0.1");
        assertThat(auth).startsWith("Digest ").contains("realm=\"p\\\"bx\"").contains("cnonce=\"c0ffee\"");
        assertThat(params(auth)).containsEntry("realm", "p\"bx").containsEntry("uri", "sip:10.0.0.1");
    }

    @Test
    void randomCnoncesDiffer() {
        Challenge c = Challenge.parse("Digest realm=\"pbx\", nonce=\"n\", qop=\"auth\"").orElseThrow();
        DigestClient client = new DigestClient();
        String a = params(client.authorization(c, "u", "p".toCharArray(), "REGISTER", "sip:pbx")).get("cnonce");
        String b = params(client.authorization(c, "u", "p".toCharArray(), "REGISTER", "sip:pbx")).get("cnonce");
        assertThat(a).hasSize(32).isNotEqualTo(b);
    }

    private static Map<String, String> params(String authorization) {
        assertThat(authorization).startsWith("Digest ");
        return DigestClient.AuthParams.parse(authorization.substring("Digest ".length()));
    }
}
