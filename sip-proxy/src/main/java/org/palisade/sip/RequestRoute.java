package org.palisade.sip;

import gov.nist.javax.sip.RequestEventExt;
import java.util.Objects;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.palisade.sip.proxy.ProxyRoute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request's path through Palisade, readable top to bottom like Kamailio's
 * {@code request_route}: ACK and CANCEL first (they belong to other transactions), sanity
 * checks, then REGISTER to the registrar, OPTIONS for Palisade itself answered here, and
 * everything else to the proxy. The branches are small classes of their own; this class only
 * decides which one runs, and hands the proxy what comes back from downstream.
 */
public final class RequestRoute implements SipListener {

    private static final Logger LOG = LoggerFactory.getLogger(RequestRoute.class);

    private final Replies replies;
    private final RegisterRoute register;
    private final ProxyRoute proxy;

    public RequestRoute(Replies replies, RegisterRoute register, ProxyRoute proxy) {
        this.replies = replies;
        this.register = register;
        this.proxy = proxy;
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        String method = request.getMethod();
        if (Request.ACK.equals(method)) {
            // ACKs for non-2xx answers end in the transaction layer; what arrives here is the
            // ACK for a 2xx, a transaction of its own that the proxy forwards statelessly.
            try {
                proxy.ack(request);
            } catch (RuntimeException e) {
                LOG.error("ACK from {} failed", source(event), e);
            }
            return;
        }
        ServerTransaction tx;
        try {
            tx = event.getServerTransaction() != null ? event.getServerTransaction()
                    : ((SipProvider) event.getSource()).getNewServerTransaction(request);
        } catch (TransactionAlreadyExistsException retransmission) {
            return;
        } catch (Exception e) {
            LOG.debug("no transaction for {}: {}", method, e.toString());
            return;
        }
        try {
            route(tx, request, source(event));
        } catch (RuntimeException e) {
            // A bug or a database outage answers this request with 500; it never stops the server.
            LOG.error("{} from {} failed", method, source(event), e);
            replies.send(tx, request, Response.SERVER_INTERNAL_ERROR, "Internal error");
        }
    }

    private void route(ServerTransaction tx, Request request, Source source) {
        String method = request.getMethod();
        if (Request.CANCEL.equals(method)) {
            proxy.cancel(tx, request); // hop by hop: answered here whatever its Max-Forwards
            return;
        }
        boolean forUs = Request.OPTIONS.equals(method) && ProxyRoute.addressedToServer(request);
        MaxForwardsHeader maxForwards = (MaxForwardsHeader) request.getHeader(MaxForwardsHeader.NAME);
        if (maxForwards != null && maxForwards.getMaxForwards() <= 0 && !forUs) {
            replies.send(tx, request, Response.TOO_MANY_HOPS, "Too Many Hops");
            return;
        }
        if (Request.REGISTER.equals(method)) {
            register.handle(tx, request, source);
        } else if (forUs) {
            replies.options(tx, request);
        } else {
            proxy.handle(tx, request, source);
        }
    }

    private static Source source(RequestEvent event) {
        Request request = event.getRequest();
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        String transport = via == null ? "UDP" : via.getTransport();
        if (event instanceof RequestEventExt ext && ext.getRemoteIpAddress() != null) {
            return new Source(ext.getRemoteIpAddress(), ext.getRemotePort(), transport);
        }
        return new Source(Objects.requireNonNull(via).getReceived() != null ? via.getReceived() : via.getHost(),
                via.getRPort() > 0 ? via.getRPort() : via.getPort(), transport);
    }

    @Override
    public void processResponse(ResponseEvent event) {
        try {
            proxy.response(event);
        } catch (RuntimeException e) {
            LOG.error("{} response failed", event.getResponse().getStatusCode(), e);
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        try {
            proxy.timeout(event);
        } catch (RuntimeException e) {
            LOG.error("timeout handling failed", e);
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.debug("I/O error towards {}:{}/{}", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
    }
}
