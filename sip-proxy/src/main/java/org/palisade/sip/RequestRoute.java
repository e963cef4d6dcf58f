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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request's path through Palisade, readable top to bottom like Kamailio's
 * {@code request_route}: sanity checks, then one branch per method. The branches are small
 * classes of their own; this class only decides which one runs.
 */
public final class RequestRoute implements SipListener {

    private static final Logger LOG = LoggerFactory.getLogger(RequestRoute.class);

    private final Replies replies;
    private final RegisterRoute register;

    public RequestRoute(Replies replies, RegisterRoute register) {
        this.replies = replies;
        this.register = register;
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        String method = request.getMethod();
        if (Request.ACK.equals(method)) {
            return; // ACKs to our own non-2xx answers are absorbed by the transaction layer
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
        MaxForwardsHeader maxForwards = (MaxForwardsHeader) request.getHeader(MaxForwardsHeader.NAME);
        if (maxForwards != null && maxForwards.getMaxForwards() <= 0 && !Request.OPTIONS.equals(request.getMethod())) {
            replies.send(tx, request, Response.TOO_MANY_HOPS, "Too Many Hops");
            return;
        }
        switch (request.getMethod()) {
            case Request.REGISTER -> register.handle(tx, request, source);
            case Request.OPTIONS -> replies.options(tx, request);
            default -> replies.send(tx, request, Response.NOT_IMPLEMENTED, "Not Implemented");
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
        // Palisade sends no requests yet, so no response belongs to it.
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
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
