package org.palisade.pbx.secret;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.palisade.core.trunk.PasswordSealer;

/**
 * Encrypts secrets Palisade must be able to read back (trunk passwords answer digest challenges,
 * so a hash will not do) with AES-256-GCM under a key from the configuration.
 *
 * <p>Sealed text is {@code v1:} and the base64 of nonce (12 random bytes) | ciphertext | tag (16
 * bytes). The version lets a later format or key scheme come in without guessing. The purpose
 * (e.g. {@code trunk:pbx1}) is authenticated as associated data and not stored: sealed text
 * copied into another trunk's row fails to open instead of lending that trunk the password.
 *
 * <p>Neither the key nor a plaintext is ever part of a message or of {@link #toString()}.
 */
public final class SecretBox implements PasswordSealer {

    public static final String VERSION = "v1";
    public static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String PREFIX = VERSION + ":";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private SecretBox(byte[] keyBytes) {
        this.key = new SecretKeySpec(keyBytes, "AES");
        Arrays.fill(keyBytes, (byte) 0);
    }

    /**
     * @param base64Key the base64 of 32 bytes, as {@link #generateKey()} makes
     * @throws IllegalArgumentException starting with {@code key:}, without the key in it
     */
    public static SecretBox fromKey(String base64Key) {
        if (base64Key == null || base64Key.isBlank()) {
            throw new IllegalArgumentException("key: empty");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key: not base64");
        }
        if (bytes.length != KEY_BYTES) {
            int n = bytes.length;
            Arrays.fill(bytes, (byte) 0);
            throw new IllegalArgumentException("key: must be " + KEY_BYTES + " bytes (AES-256), got " + n);
        }
        return new SecretBox(bytes);
    }

    /** A new random key, base64. */
    public static String generateKey() {
        byte[] bytes = new byte[KEY_BYTES];
        RANDOM.nextBytes(bytes);
        try {
            return Base64.getEncoder().encodeToString(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Does not wipe {@code plaintext}: it belongs to the caller. */
    @Override
    public String seal(String purpose, char[] plaintext) {
        byte[] clear = utf8(plaintext);
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, purpose);
            byte[] sealed = cipher.doFinal(clear);
            byte[] out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    /**
     * @return the plaintext; the caller should wipe it after use
     * @throws SecretException when the text is not sealed text of this format, or does not open
     *                         with this key and purpose
     */
    public char[] open(String purpose, String sealed) {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            // the version is named only when it looks like one: a plain password stored by mistake must not show here
            String version = sealed != null && sealed.matches("v[0-9]{1,3}:.*") ? sealed.substring(0, sealed.indexOf(':')) : "none";
            throw new SecretException("cannot open the secret for " + purpose + ": unknown format (version " + version + ", expected "
                    + VERSION + ")");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new SecretException("cannot open the secret for " + purpose + ": damaged (not base64)");
        }
        if (raw.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SecretException("cannot open the secret for " + purpose + ": damaged (too short)");
        }
        byte[] clear = null;
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(raw, NONCE_BYTES), purpose);
            clear = cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES);
            return chars(clear);
        } catch (AEADBadTagException e) {
            throw new SecretException("cannot open the secret for " + purpose
                    + ": wrong key (secrets.key changed?) or the stored value was altered");
        } catch (GeneralSecurityException e) {
            throw new SecretException("cannot open the secret for " + purpose + ": " + e.getClass().getSimpleName());
        } finally {
            if (clear != null) {
                Arrays.fill(clear, (byte) 0);
            }
        }
    }

    @Override
    public String toString() {
        return "SecretBox[" + VERSION + ", AES-256-GCM, key hidden]";
    }

    private Cipher cipher(int mode, byte[] nonce, String purpose) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static byte[] utf8(char[] chars) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(chars));
            byte[] out = Arrays.copyOfRange(b.array(), b.position(), b.limit());
            Arrays.fill(b.array(), (byte) 0);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("password: not valid text (broken UTF-16)");
        }
    }

    private static char[] chars(byte[] bytes) {
        CharBuffer c = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
        char[] out = Arrays.copyOfRange(c.array(), c.position(), c.limit());
        Arrays.fill(c.array(), '\0');
        return out;
    }
}
