package org.palisade.sip.proxy;

import javax.sip.ClientTransaction;
import javax.sip.message.Response;
import org.palisade.sip.NextHop;

/** One forwarded copy of a request: its client transaction, where it went, and how far it got. */
final class Branch {

    final Fork fork;
    final ClientTransaction tx;
    final NextHop hop;
    /** A provisional came back, so a CANCEL may now be sent (RFC 3261 9.1). */
    boolean provisional;
    /** Cancelled before any provisional: the CANCEL goes out when one arrives. */
    boolean cancelWanted;
    boolean cancelSent;
    /** The final response, as it would go upstream; null while pending. */
    Response finalResponse;

    Branch(Fork fork, ClientTransaction tx, NextHop hop) {
        this.fork = fork;
        this.tx = tx;
        this.hop = hop;
    }

    boolean pending() {
        return finalResponse == null;
    }
}
