package org.palisade.relay.client;

/** No reply to any of the sends of one request: the relay is down, or unreachable. */
public final class NgTimeoutException extends NgException {

    public NgTimeoutException(String message) {
        super(message);
    }
}
