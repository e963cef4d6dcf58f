package org.palisade.sip.proxy;

import java.time.Clock;
import java.util.List;
import javax.sip.ServerTransaction;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RAckHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.palisade.core.call.Party;
import org.palisade.core.media.RelayUnavailableException;
import org.palisade.sip.NextHop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests inside a dialog, and the ACK of a 2xx: loose routing (RFC 3261 16.4) towards the other
 * party, at the address Palisade saw it at ({@link Dialogs}), with the CSeq that party expects
 * when a trunk's challenge made Palisade count one request more than the caller sent (from the
 * early dialog on: a PRACK before the answer is renumbered too).
 *
 * <p>They are not authenticated again, as in Kamailio's {@code loose_route()} branch: the dialog
 * exists only because an authenticated INVITE set it up, most phones do not expect a 407 mid-call,
 * and challenging every BYE would double the messages. The price is that whoever can see a
 * dialog's Call-ID and tags can send requests into it through Palisade; a request carrying neither
 * our Route nor a dialog Palisade knows is refused (481), so Palisade is no open relay for made-up
 * ones.
 */
final class InDialogRoute {

    private static final Logger LOG = LoggerFactory.getLogger(InDialogRoute.class);

    private final ProxyRoute proxy;
    private final Dialogs dialogs;
    /** Whether this node anchors media: then every SDP of a call goes through its relay. */
    private final boolean anchored;
    private final Clock clock;

    InDialogRoute(ProxyRoute proxy, Dialogs dialogs, boolean anchored, Clock clock) {
        this.proxy = proxy;
        this.dialogs = dialogs;
        this.anchored = anchored;
        this.clock = clock;
    }

    /** BYE, re-INVITE, UPDATE, INFO, PRACK, REFER, NOTIFY and MESSAGE inside a dialog. */
    void request(ServerTransaction tx, Request request) {
        Request forward = (Request) request.clone();
        boolean viaUs = proxy.forwarder().popOurRoutes(forward);
        String fromTag = fromTag(request);
        Dialogs.Entry dialog = dialogs.find(callId(request), fromTag, toTag(request));
        if (!viaUs && dialog == null) {
            proxy.replies().send(tx, request, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, "Call/Transaction Does Not Exist");
            return;
        }
        NextHop hop;
        try {
            hop = nextHop(forward, dialog, fromTag);
        } catch (IllegalArgumentException e) {
            proxy.replies().send(tx, request, Response.UNSUPPORTED_URI_SCHEME, "Unsupported URI Scheme");
            return;
        }
        long cseq = Forwarder.cseq(request);
        if (dialog != null) {
            if (dialog.session() != null) {
                dialog.session().seen(dialog.sentByCaller(fromTag), cseq);
            }
            renumber(forward, dialog.cseqTowardsPeer(fromTag, cseq));
        } else {
            renumber(forward, cseq + dialogs.earlyShift(callId(request), fromTag)); // PRACK or UPDATE before the answer
        }
        if (anchored && !Request.BYE.equals(request.getMethod())) {
            try {
                proxy.anchoring().later(forward, fromTag, toTag(request), true);
            } catch (RelayUnavailableException e) {
                proxy.replies().send(tx, request, Response.SERVICE_UNAVAILABLE, "No media relay available");
                return;
            }
        }
        if (Request.BYE.equals(request.getMethod()) && dialog != null) {
            dialogs.remove(dialog);
            if (dialog.primary() && dialog.ended().compareAndSet(false, true)) {
                Party by = dialog.sentByCaller(fromTag) ? Party.CALLER : Party.CALLEE;
                proxy.notify(() -> proxy.calls().ended(dialog.callId(), clock.millis(), by, "BYE"));
            }
        }
        proxy.forkTo(tx, request, forward, hop);
    }

    /** ACK for a 2xx (ACKs for non-2xx end in the transaction layer): forwarded statelessly. */
    void ack(Request request) {
        String toTag = toTag(request);
        if (toTag == null) {
            return;
        }
        Request forward = (Request) request.clone();
        boolean viaUs = proxy.forwarder().popOurRoutes(forward);
        String fromTag = fromTag(request);
        Dialogs.Entry dialog = dialogs.find(callId(request), fromTag, toTag);
        if (!viaUs && dialog == null) {
            return; // nothing of ours: an ACK for a transaction already gone
        }
        try {
            MaxForwardsHeader mf = (MaxForwardsHeader) forward.getHeader(MaxForwardsHeader.NAME);
            if (mf != null && mf.getMaxForwards() <= 0) {
                return;
            }
            if (mf == null) {
                forward.setHeader(proxy.sip().headers().createMaxForwardsHeader(70));
            } else {
                mf.decrementMaxForwards();
            }
            if (dialog != null) {
                renumber(forward, dialog.cseqTowardsPeer(fromTag, Forwarder.cseq(request)));
            }
            proxy.anchoring().later(forward, fromTag, toTag, true); // the answer to an offer made in a 2xx (late offer)
            proxy.forwarder().sendStateless(forward, request, nextHop(forward, dialog, fromTag));
        } catch (Exception e) {
            LOG.debug("ACK not forwarded: {}", e.toString());
        }
    }

    /**
     * Sets the CSeq the receiver expects; a PRACK's RAck names the INVITE's CSeq as the caller saw
     * it, one lower than the receiver's when a challenge was answered, so it moves the same way.
     */
    private static void renumber(Request forward, long cseq) {
        CSeqHeader header = (CSeqHeader) forward.getHeader(CSeqHeader.NAME);
        long shift = cseq - header.getSeqNumber();
        if (shift == 0) {
            return;
        }
        try {
            header.setSeqNumber(cseq);
            if (forward.getHeader(RAckHeader.NAME) instanceof RAckHeader rack) {
                rack.setCSeqNumber((int) (rack.getCSeqNumber() + shift));
            }
        } catch (javax.sip.InvalidArgumentException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * A Route still left (another proxy) decides; otherwise the other party's real source address
     * when Palisade saw the dialog start; otherwise the Request-URI, the remote target.
     */
    private static NextHop nextHop(Request forward, Dialogs.Entry dialog, String fromTag) {
        if (forward.getHeader(RouteHeader.NAME) != null || dialog == null) {
            return Forwarder.byHeaders(forward);
        }
        return dialog.towardsPeerOf(fromTag);
    }

    private static String callId(Request request) {
        return ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
    }

    private static String fromTag(Request request) {
        return ((FromHeader) request.getHeader(FromHeader.NAME)).getTag();
    }

    static String toTag(javax.sip.message.Message message) {
        ToHeader to = (ToHeader) message.getHeader(ToHeader.NAME);
        return to == null ? null : to.getTag();
    }
}
