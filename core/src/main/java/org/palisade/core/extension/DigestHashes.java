package org.palisade.core.extension;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The HA1 values of RFC 7616 (H(username ":" realm ":" password)) for the two algorithms
 * Palisade offers. They are computed once, when an admin sets a password, so the password
 * itself never reaches storage.
 */
public record DigestHashes(String md5, String sha256) {

    public static final int MIN_PASSWORD_LENGTH = 8;

    public static DigestHashes of(String username, String realm, char[] password) {
        if (password == null || password.length < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("password: at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        String secret = username + ":" + realm + ":" + new String(password);
        return new DigestHashes(hex("MD5", secret), hex("SHA-256", secret));
    }

    public static String hex(String algorithm, String text) {
        try {
            byte[] digest = MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " missing from the JDK", e);
        }
    }
}
