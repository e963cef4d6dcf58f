package org.palisade.relay.client;

/**
 * The relay answered, and refused: {@code "result": "error"} (or any result but "ok" and
 * "pong"), with rtpengine's {@code error-reason}, e.g. "Unknown call-id" or "Ran out of ports".
 * The relay itself is up.
 */
public final class NgErrorReply extends NgException {

    private final String reason;

    public NgErrorReply(String message, String reason) {
        super(message);
        this.reason = reason;
    }

    /** The relay's own words. */
    public String reason() {
        return reason;
    }
}
