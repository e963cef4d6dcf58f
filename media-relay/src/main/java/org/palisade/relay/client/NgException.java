package org.palisade.relay.client;

/** An ng request that did not succeed: the relay could not be reached, or did not answer. */
public class NgException extends RuntimeException {

    public NgException(String message) {
        super(message);
    }

    public NgException(String message, Throwable cause) {
        super(message, cause);
    }
}
