package org.palisade.core.media;

/** No relay node could anchor the call: the proxy answers 503 rather than let media go unanchored. */
public final class RelayUnavailableException extends RuntimeException {

    public RelayUnavailableException(String message) {
        super(message);
    }

    public RelayUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
