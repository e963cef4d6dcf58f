package org.palisade.core.account;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Slow, salted password hashes for admin accounts: PBKDF2 with HMAC-SHA-256 from the JDK, so
 * no native library and nothing to install (bcrypt, scrypt and Argon2 would each need one).
 *
 * <p>Stored form: {@code pbkdf2-sha256$ITERATIONS$SALT$HASH}, salt (16 bytes) and hash (32
 * bytes) in unpadded base64. The iteration count travels with each hash, so raising
 * {@link #DEFAULT_ITERATIONS} later leaves existing hashes valid; they get the new count when
 * their password is next set.
 *
 * <p>600,000 iterations is OWASP's figure for PBKDF2-HMAC-SHA256 (Password Storage Cheat Sheet,
 * 2023). It costs about 0.2 s of one core on the 2-core machines this runs on: acceptable for a
 * login, and the login throttle keeps a guesser from turning it into a CPU drain.
 */
public final class PasswordHasher {

    public static final int DEFAULT_ITERATIONS = 600_000;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    /** A stored count above this is taken for corruption, not obeyed: it would stall every login. */
    private static final int MAX_ITERATIONS = 10_000_000;

    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final int iterations;
    private final SecureRandom random = new SecureRandom();
    /** Random salt and expected hash: checking a password against them is a login's work, and always fails. */
    private final Parsed decoy;

    public PasswordHasher() {
        this(DEFAULT_ITERATIONS);
    }

    /** @param iterations for new hashes, and the work {@link #verifyDecoy} does */
    public PasswordHasher(int iterations) {
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations: " + iterations + " is not between 1 and " + MAX_ITERATIONS);
        }
        this.iterations = iterations;
        this.decoy = new Parsed(iterations, randomBytes(SALT_BYTES), randomBytes(HASH_BYTES));
    }

    public String hash(char[] password) {
        byte[] salt = randomBytes(SALT_BYTES);
        return SCHEME + "$" + iterations + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(derive(password, salt, iterations));
    }

    /**
     * Whether {@code password} matches {@code stored}, compared in constant time. A stored value
     * that cannot be read fails like a wrong password, after the same work.
     */
    public boolean verify(char[] password, String stored) {
        Parsed p = parse(stored);
        if (p == null) {
            verifyDecoy(password);
            return false;
        }
        return MessageDigest.isEqual(derive(password, p.salt, p.iterations), p.hash);
    }

    /**
     * The work of {@link #verify} for a name that has no account (or a disabled one), so that
     * the answer's timing does not tell which names exist. Always false.
     */
    public boolean verifyDecoy(char[] password) {
        MessageDigest.isEqual(derive(password, decoy.salt, decoy.iterations), decoy.hash);
        return false;
    }

    /** Whether {@code stored} was made with fewer iterations than new hashes get (or is unreadable). */
    public boolean needsRehash(String stored) {
        Parsed p = parse(stored);
        return p == null || p.iterations < iterations;
    }

    public int iterations() {
        return iterations;
    }

    private record Parsed(int iterations, byte[] salt, byte[] hash) {
    }

    private static Parsed parse(String stored) {
        if (stored == null) {
            return null;
        }
        String[] parts = stored.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            return null;
        }
        try {
            int n = Integer.parseInt(parts[1]);
            byte[] salt = B64D.decode(parts[2]);
            byte[] hash = B64D.decode(parts[3]);
            if (n < 1 || n > MAX_ITERATIONS || salt.length == 0 || hash.length != HASH_BYTES) {
                return null;
            }
            return new Parsed(n, salt, hash);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " missing from this JVM", e);
        } finally {
            spec.clearPassword();
        }
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
