package org.palisade.pbx.sip;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The client side of HTTP digest as SIP uses it (RFC 3261 22, RFC 2617, RFC 7616, RFC 8760):
 * answers a 401's WWW-Authenticate or a 407's Proxy-Authenticate with the value of an
 * Authorization or Proxy-Authorization header. MD5 and SHA-256, with {@code qop=auth} or the
 * legacy form without qop.
 *
 * <p>Not supported, and therefore never chosen: the {@code -sess} variants, {@code auth-int}
 * alone, SHA-512-256 and {@code userhash}. A registrar that offers only those cannot be answered,
 * which the caller reports instead of sending credentials the far end would misread.
 *
 * <p>The password arrives as {@code char[]} and is wiped from the byte copies made here; it is
 * never part of a string, a message or an exception.
 */
public final class DigestClient {

    /** Strongest first (RFC 8760 3: a client uses the strongest algorithm it supports). */
    static final List<String> ALGORITHMS = List.of("SHA-256", "MD5");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Supplier<String> cnonces;

    public DigestClient() {
        this(DigestClient::randomCnonce);
    }

    /** @param cnonces the client nonces to use, for tests with known vectors */
    DigestClient(Supplier<String> cnonces) {
        this.cnonces = cnonces;
    }

    /**
     * One Digest challenge as a server sent it.
     *
     * @param algorithm as written in the challenge; null when absent (which means MD5)
     * @param qop       the qop options offered; empty for the legacy form
     */
    public record Challenge(String realm, String nonce, String algorithm, List<String> qop, String opaque, boolean stale) {

        public Challenge {
            qop = List.copyOf(qop);
        }

        /** @return the challenge in a header value, or empty when it is not a usable Digest challenge */
        public static Optional<Challenge> parse(String headerValue) {
            if (headerValue == null) {
                return Optional.empty();
            }
            String s = headerValue.trim();
            int space = s.indexOf(' ');
            if (space < 0 || !"Digest".equalsIgnoreCase(s.substring(0, space))) {
                return Optional.empty();
            }
            Map<String, String> p = AuthParams.parse(s.substring(space + 1));
            if (p == null || p.get("realm") == null || p.get("nonce") == null) {
                return Optional.empty();
            }
            List<String> qop = p.get("qop") == null ? List.of()
                    : Arrays.stream(p.get("qop").split(",")).map(String::trim).filter(q -> !q.isEmpty())
                            .map(q -> q.toLowerCase(Locale.ROOT)).toList();
            return Optional.of(new Challenge(p.get("realm"), p.get("nonce"), p.get("algorithm"), qop, p.get("opaque"),
                    "true".equalsIgnoreCase(p.get("stale"))));
        }

        /** The JDK name of the hash this challenge asks for; null when it is not one we answer. */
        String hashName() {
            String a = algorithm == null ? "MD5" : algorithm.toUpperCase(Locale.ROOT);
            return ALGORITHMS.contains(a) ? a : null;
        }

        /** Answerable: a supported algorithm, and either qop=auth offered or no qop at all. */
        boolean supported() {
            return hashName() != null && (qop.isEmpty() || qop.contains("auth"));
        }
    }

    /**
     * The challenge to answer among those of one response: the strongest supported algorithm,
     * the first challenge for it when several are offered.
     */
    public static Optional<Challenge> choose(List<String> headerValues) {
        List<Challenge> usable = headerValues.stream().map(Challenge::parse).flatMap(Optional::stream)
                .filter(Challenge::supported).toList();
        for (String algorithm : ALGORITHMS) {
            for (Challenge c : usable) {
                if (algorithm.equals(c.hashName())) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The credentials for {@code challenge}, with a fresh cnonce and nonce-count 1: each
     * challenge is answered once (a new attempt starts without credentials and gets a new nonce).
     *
     * @param uri the Request-URI of the request these credentials go on (RFC 3261 22.4)
     * @throws IllegalArgumentException when the challenge is not {@linkplain #choose supported}
     */
    public String authorization(Challenge challenge, String username, char[] password, String method, String uri) {
        return authorization(challenge, username, password, method, uri, cnonces.get(), 1);
    }

    /** The same with a given cnonce and nonce-count: for known vectors. */
    static String authorization(Challenge challenge, String username, char[] password, String method, String uri, String cnonce,
                                int nc) {
        if (!challenge.supported()) {
            throw new IllegalArgumentException("unsupported digest challenge: algorithm " + challenge.algorithm() + ", qop "
                    + challenge.qop());
        }
        boolean qop = !challenge.qop().isEmpty();
        String ncText = String.format(Locale.ROOT, "%08x", nc);
        String response = response(challenge.hashName(), username, challenge.realm(), password, method, uri, challenge.nonce(),
                qop ? ncText : null, qop ? cnonce : null);
        StringBuilder sb = new StringBuilder("Digest username=").append(quote(username))
                .append(", realm=").append(quote(challenge.realm()))
                .append(", nonce=").append(quote(challenge.nonce()))
                .append(", uri=").append(quote(uri))
                .append(", response=").append(quote(response));
        if (challenge.algorithm() != null) {
            sb.append(", algorithm=").append(challenge.algorithm());
        }
        if (qop) {
            sb.append(", cnonce=").append(quote(cnonce)).append(", qop=auth, nc=").append(ncText);
        }
        if (challenge.opaque() != null) {
            sb.append(", opaque=").append(quote(challenge.opaque()));
        }
        return sb.toString();
    }

    /**
     * RFC 7616 3.4.1: KD(H(A1), nonce:nc:cnonce:qop:H(A2)), or RFC 2069's KD(H(A1), nonce:H(A2))
     * when {@code nc} is null.
     */
    static String response(String hash, String username, String realm, char[] password, String method, String uri, String nonce,
                           String nc, String cnonce) {
        String ha1 = ha1(hash, username, realm, password);
        String ha2 = hex(hash, (method + ":" + uri).getBytes(StandardCharsets.UTF_8));
        String tail = nc == null ? nonce + ":" + ha2 : nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2;
        return hex(hash, (ha1 + ":" + tail).getBytes(StandardCharsets.UTF_8));
    }

    private static String ha1(String hash, String username, String realm, char[] password) {
        byte[] prefix = (username + ":" + realm + ":").getBytes(StandardCharsets.UTF_8);
        ByteBuffer pw = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] a1 = new byte[prefix.length + pw.remaining()];
        System.arraycopy(prefix, 0, a1, 0, prefix.length);
        pw.get(a1, prefix.length, pw.remaining());
        try {
            return hex(hash, a1);
        } finally {
            Arrays.fill(a1, (byte) 0);
            Arrays.fill(pw.array(), (byte) 0);
        }
    }

    private static String hex(String hash, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(hash).digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(hash + " missing from the JDK", e);
        }
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String randomCnonce() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The auth-param list of RFC 7235 2.1: token=token or token=quoted-string, comma separated. */
    static final class AuthParams {

        private AuthParams() {
        }

        /** @return names in lower case; null when the text is not a parameter list */
        static Map<String, String> parse(String text) {
            Map<String, String> out = new LinkedHashMap<>();
            int i = 0;
            int n = text.length();
            while (true) {
                while (i < n && (text.charAt(i) == ',' || Character.isWhitespace(text.charAt(i)))) {
                    i++;
                }
                if (i >= n) {
                    return out;
                }
                int eq = text.indexOf('=', i);
                if (eq < 0) {
                    return null;
                }
                String name = text.substring(i, eq).trim().toLowerCase(Locale.ROOT);
                i = eq + 1;
                while (i < n && Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                StringBuilder value = new StringBuilder();
                if (i < n && text.charAt(i) == '"') {
                    i++;
                    while (i < n && text.charAt(i) != '"') {
                        if (text.charAt(i) == '\\' && i + 1 < n) {
                            i++;
                        }
                        value.append(text.charAt(i++));
                    }
                    if (i >= n) {
                        return null; // unclosed quote
                    }
                    i++;
                } else {
                    while (i < n && text.charAt(i) != ',' && !Character.isWhitespace(text.charAt(i))) {
                        value.append(text.charAt(i++));
                    }
                }
                if (name.isEmpty()) {
                    return null;
                }
                out.putIfAbsent(name, value.toString());
            }
        }
    }
}
