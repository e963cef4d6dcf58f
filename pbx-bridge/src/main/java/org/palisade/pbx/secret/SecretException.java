package org.palisade.pbx.secret;

/** A sealed secret that cannot be opened. The message names what it was for, never its content. */
public final class SecretException extends IllegalStateException {

    public SecretException(String message) {
        super(message);
    }
}
