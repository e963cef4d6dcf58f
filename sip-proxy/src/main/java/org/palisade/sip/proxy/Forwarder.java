package org.palisade.sip.proxy;

import java.util.ListIterator;
import javax.sip.ClientTransaction;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.palisade.sip.DigestHeaders;
import org.palisade.sip.NextHop;
import org.palisade.sip.Replies;
import org.palisade.sip.SipServer.SipContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mechanics of forwarding (RFC 3261 16.6 and 16.7 step 3): copying a request for one
 * target, pushing Palisade's Via, record-routing, sending it to the chosen hop; and taking
 * Palisade's Via off responses on the way back. It knows nothing of forks or calls.
 */
final class Forwarder {

    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);

    private final SipContext sip;
    private final Replies replies;
    private final BranchIds branches;

    Forwarder(SipContext sip, Replies replies, BranchIds branches) {
        this.sip = sip;
        this.replies = replies;
        this.branches = branches;
    }

    /**
     * A copy of {@code received} for one target (16.6 steps 1-7): new Request-URI, Max-Forwards
     * decremented (70 when absent), our digest credentials consumed, and for dialog-creating
     * INVITEs a Record-Route so that the dialog's later requests pass Palisade too.
     */
    Request copyFor(Request received, URI requestUri, NextHop hop, boolean recordRoute, String realm) {
        Request copy = (Request) received.clone();
        copy.setRequestURI(requestUri);
        try {
            MaxForwardsHeader mf = (MaxForwardsHeader) copy.getHeader(MaxForwardsHeader.NAME);
            if (mf == null) {
                copy.setHeader(sip.headers().createMaxForwardsHeader(70));
            } else {
                mf.decrementMaxForwards();
            }
            DigestHeaders.PROXY.consume(copy, realm);
            if (recordRoute) {
                // RFC 5658 double record-routing when the two sides use different transports: the
                // caller must come back on its transport (a TLS caller never over UDP), the callee
                // on its own. The callee's route set is the list in order, the caller's reversed,
                // so the caller-facing entry goes in first and the callee-facing one on top.
                ViaHeader callerVia = (ViaHeader) received.getHeader(ViaHeader.NAME);
                String inbound = callerVia == null ? hop.transport() : callerVia.getTransport();
                if (!hop.transport().equalsIgnoreCase(inbound) && sip.providers().containsKey(inbound.toUpperCase(java.util.Locale.ROOT))) {
                    copy.addFirst(recordRoute(inbound));
                }
                copy.addFirst(recordRoute(hop.transport()));
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot copy " + received.getMethod() + " for " + requestUri, e);
        }
        return copy;
    }

    /**
     * {@code <sip:ADDRESS:PORT;transport=..;lr>} for one transport (TLS: the TLS port and
     * {@code transport=tls}, a sip: URI as most phones expect rather than sips:, RFC 5630).
     * When caller and callee use the same transport one entry serves both sides (RFC 3261
     * 16.6 step 4); otherwise {@link #copyFor} adds one per side.
     */
    private RecordRouteHeader recordRoute(String transport) throws Exception {
        SipURI uri = sip.addresses().createSipURI(null, sip.settings().address());
        uri.setPort(sip.port(transport));
        uri.setTransportParam(transport.toLowerCase(java.util.Locale.ROOT));
        uri.setLrParam();
        return sip.headers().createRecordRouteHeader(sip.addresses().createAddress(uri));
    }

    /** Pushes our Via and creates the client transaction towards {@code hop}; the caller sends it. */
    ClientTransaction prepare(Request copy, Request received, NextHop hop) throws SipException {
        copy.addFirst(via(hop, branches.next(received)));
        return sip.router().newClientTransaction(sip.provider(hop.transport()), copy, hop);
    }

    /** ACK for a 2xx: forwarded statelessly (RFC 3261 16.11), it has no transaction to belong to. */
    void sendStateless(Request copy, Request received, NextHop hop) throws SipException {
        copy.addFirst(via(hop, branches.stateless(received)));
        sip.router().sendStateless(sip.provider(hop.transport()), copy, hop);
    }

    /** CANCEL for a pending INVITE branch (RFC 3261 9.1): same hop, same branch, new transaction. */
    void cancel(ClientTransaction invite, NextHop hop) {
        try {
            Request cancel = invite.createCancel();
            sip.router().newClientTransaction(sip.provider(hop.transport()), cancel, hop).sendRequest();
        } catch (Exception e) {
            LOG.debug("could not CANCEL towards {}: {}", hop, e.toString());
        }
    }

    private ViaHeader via(NextHop hop, String branch) {
        try {
            return sip.headers().createViaHeader(sip.settings().address(), sip.port(hop.transport()),
                    hop.transport().toLowerCase(java.util.Locale.ROOT), branch);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The response as the previous hop must see it: a copy without our Via (16.7 step 3), with the
     * CSeq of the request it answers as the previous hop sent it (Palisade may have sent that
     * request on with the next CSeq, after answering a trunk's challenge).
     */
    static Response upstream(Response received, long requestCseq) {
        Response copy = (Response) received.clone();
        copy.removeFirst(ViaHeader.NAME);
        CSeqHeader cseq = (CSeqHeader) copy.getHeader(CSeqHeader.NAME);
        if (cseq != null && cseq.getSeqNumber() != requestCseq) {
            try {
                cseq.setSeqNumber(requestCseq);
            } catch (javax.sip.InvalidArgumentException e) {
                throw new IllegalArgumentException(e);
            }
        }
        return copy;
    }

    static long cseq(javax.sip.message.Message m) {
        return ((CSeqHeader) m.getHeader(CSeqHeader.NAME)).getSeqNumber();
    }

    void relay(ServerTransaction server, Response upstream) {
        replies.send(server, upstream);
        CSeqHeader cseq = (CSeqHeader) upstream.getHeader(CSeqHeader.NAME);
        if (upstream.getStatusCode() / 100 == 2 && cseq != null && Request.INVITE.equals(cseq.getMethod())) {
            // RFC 3261 17.2.1: a 2xx ends the server INVITE transaction. Retransmitting the 2xx
            // until the ACK comes is the callee's job, not a proxy's; left alive, the NIST
            // transaction would resend it every T1 because the end-to-end ACK never matches it,
            // and phones would see a 200 for a call they are already in (or have hung up).
            try {
                server.terminate();
            } catch (Exception e) {
                LOG.debug("could not end the INVITE server transaction: {}", e.toString());
            }
        }
    }

    /**
     * A 2xx that arrives after the server transaction is over (a second fork branch answering,
     * or a 2xx retransmission): forwarded statelessly along its Via (RFC 3261 16.7 step 5).
     */
    void relayStateless(Response upstream) {
        ViaHeader next = (ViaHeader) upstream.getHeader(ViaHeader.NAME);
        if (next == null) {
            return;
        }
        try {
            sip.provider(next.getTransport()).sendResponse(upstream);
        } catch (Exception e) {
            LOG.debug("could not relay {} statelessly: {}", upstream.getStatusCode(), e.toString());
        }
    }

    /** Is this Via one Palisade pushed (its sent-by is our address and one of our ports)? */
    boolean ours(ViaHeader via) {
        int port = via.getPort() > 0 ? via.getPort() : NextHop.defaultPort(via.getTransport());
        return sip.settings().address().equals(via.getHost()) && sip.settings().isOurPort(port);
    }

    /** Does this URI name Palisade: its domain, or its address and one of its ports? */
    boolean ours(URI uri) {
        if (!(uri instanceof SipURI sipUri)) {
            return false;
        }
        int port = sipUri.getPort() > 0 ? sipUri.getPort()
                : NextHop.defaultPort(sipUri.isSecure() ? "TLS" : sipUri.getTransportParam());
        boolean ourPort = sip.settings().isOurPort(port);
        return (sip.settings().address().equals(sipUri.getHost()) && ourPort)
                || (sip.settings().domain().equalsIgnoreCase(sipUri.getHost()) && (sipUri.getPort() <= 0 || ourPort));
    }

    /**
     * Loose routing (RFC 3261 16.4): removes the Route entries that name Palisade from the top
     * of the route set, and first undoes a strict router's rewrite (our Record-Route in the
     * Request-URI, the real target in the last Route). True when a Route named us.
     */
    boolean popOurRoutes(Request request) {
        URI target = request.getRequestURI();
        if (ours(target) && target instanceof SipURI sipTarget && sipTarget.getUser() == null) {
            RouteHeader last = lastRoute(request);
            if (last != null) {
                request.setRequestURI(last.getAddress().getURI());
                request.removeLast(RouteHeader.NAME);
            }
        }
        boolean viaUs = false;
        RouteHeader top = (RouteHeader) request.getHeader(RouteHeader.NAME);
        while (top != null && ours(top.getAddress().getURI())) {
            request.removeFirst(RouteHeader.NAME);
            viaUs = true;
            top = (RouteHeader) request.getHeader(RouteHeader.NAME);
        }
        return viaUs;
    }

    private static RouteHeader lastRoute(Request request) {
        RouteHeader last = null;
        for (ListIterator<?> it = request.getHeaders(RouteHeader.NAME); it.hasNext(); ) {
            last = (RouteHeader) it.next();
        }
        return last;
    }

    /** Where a request goes by its own headers: the first remaining Route, else the Request-URI. */
    static NextHop byHeaders(Request request) {
        RouteHeader top = (RouteHeader) request.getHeader(RouteHeader.NAME);
        return NextHop.of(top != null ? top.getAddress().getURI() : request.getRequestURI());
    }
}
