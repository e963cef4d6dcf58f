package org.palisade.relay.engine;

/**
 * A request the relay cannot carry out. The message is written for the controlling proxy: the ng
 * server sends it back unchanged as {@code error-reason}, so it uses rtpengine's wording where
 * rtpengine has one ("Unknown call-id", "Ran out of ports").
 */
public class RelayException extends RuntimeException {

    public RelayException(String message) {
        super(message);
    }

    public RelayException(String message, Throwable cause) {
        super(message, cause);
    }
}
