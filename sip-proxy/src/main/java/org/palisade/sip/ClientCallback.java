package org.palisade.sip;

import javax.sip.message.Response;

/**
 * The owner of a request Palisade sends on its own behalf (a trunk REGISTER, an OPTIONS health
 * check): set as its client transaction's application data, it gets the responses and the
 * timeout. Called on the stack's threads; must return quickly and not throw.
 */
public interface ClientCallback {

    void response(Response response);

    /** No final response in time (Timer B or F). */
    void timeout();
}
