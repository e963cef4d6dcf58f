package org.palisade.core.trunk;

/**
 * Encrypts a trunk password for storage. Core cannot do it itself: the key comes from the
 * server's configuration and the cipher lives in pbx-bridge.
 */
@FunctionalInterface
public interface PasswordSealer {

    /**
     * @param purpose  bound to the result (e.g. {@code trunk:pbx1}), so sealed text copied to another
     *                 row does not open there
     * @return text that is safe to store; never contains the password
     * @throws IllegalArgumentException when no usable key is configured (the message names the setting)
     */
    String seal(String purpose, char[] password);
}
