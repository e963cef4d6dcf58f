package org.palisade.directory;

/**
 * Opens a secret stored sealed (the bind password, the trust store password). The server wires
 * it to the same {@code secrets.key} box that seals trunk passwords, so this module needs neither
 * the key nor the cipher.
 */
@FunctionalInterface
public interface SecretOpener {

    /**
     * @param purpose what it was sealed for, e.g. {@code directory:bind}
     * @return the plaintext; callers wipe it after use
     * @throws RuntimeException naming the setting when no key is configured or the text does not open
     */
    char[] open(String purpose, String sealed);
}
