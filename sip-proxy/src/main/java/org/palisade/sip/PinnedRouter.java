package org.palisade.sip;

import java.util.ListIterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.ClientTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.address.Hop;
import javax.sip.address.Router;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import gov.nist.javax.sip.stack.DefaultRouter;

/**
 * The stack's router ({@code javax.sip.ROUTER_PATH}), which lets the proxy choose the next hop
 * of every request it sends.
 *
 * <p>Why a router: NIST JAIN-SIP decides where a request goes inside
 * {@code getNewClientTransaction} and the stateless {@code SipProvider.sendRequest}, by asking
 * the router, and offers no parameter to pass a destination. The router only sees the
 * request, so the proxy "pins" the hop under the branch of the Via it just pushed, for the
 * duration of that one call ({@link #newClientTransaction}, {@link #sendStateless}). The
 * branch is unique per client transaction (RFC 3261 8.1.1.7), so concurrent sends never see
 * each other's pins, and nothing is left behind. The alternatives are worse: a Route header
 * naming the NAT address would go out on the wire and end up in the callee's route set;
 * creating transactions on NIST's internal message channels ties Palisade to stack internals.
 *
 * <p>A request sent without a pin (none in Palisade today) is routed as RFC 3261 says, by the
 * stack's default router: first Route, else the Request-URI.
 */
public final class PinnedRouter implements Router {

    private final Map<String, Hop> pins = new ConcurrentHashMap<>();
    private final DefaultRouter fallback;

    /** The constructor the stack calls reflectively. */
    public PinnedRouter(SipStack stack, String outboundProxy) {
        this.fallback = new DefaultRouter(stack, outboundProxy);
    }

    /** Creates the client transaction for {@code request} (top Via already pushed) towards {@code hop}. */
    public ClientTransaction newClientTransaction(SipProvider provider, Request request, Hop hop) throws SipException {
        String branch = branch(request);
        pins.put(branch, hop);
        try {
            return provider.getNewClientTransaction(request);
        } finally {
            pins.remove(branch);
        }
    }

    /** Sends {@code request} (top Via already pushed) statelessly towards {@code hop}: ACK for 2xx. */
    public void sendStateless(SipProvider provider, Request request, Hop hop) throws SipException {
        String branch = branch(request);
        pins.put(branch, hop);
        try {
            provider.sendRequest(request);
        } finally {
            pins.remove(branch);
        }
    }

    private static String branch(Request request) {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        if (via == null || via.getBranch() == null) {
            throw new IllegalArgumentException("the proxy pushes its Via, with a branch, before sending");
        }
        return via.getBranch();
    }

    @Override
    public Hop getNextHop(Request request) throws SipException {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        Hop pinned = via == null || via.getBranch() == null ? null : pins.get(via.getBranch());
        return pinned != null ? pinned : fallback.getNextHop(request);
    }

    @Override
    public Hop getOutboundProxy() {
        return null;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public ListIterator getNextHops(Request request) {
        return fallback.getNextHops(request);
    }
}
