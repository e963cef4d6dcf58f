package org.palisade.sip.proxy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.Optional;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.address.SipURI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.palisade.core.call.CallObserver;
import org.palisade.core.trunk.PbxBridge;
import org.palisade.sip.NextHop;
import org.palisade.sip.SipServer.SipContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One outbound request offered to its route's trunks one after another: the next trunk gets it
 * when the last one answered 408 or 5xx, could not be reached, or said nothing at all within the
 * trunk answer timeout. Any other final answer (486, 404, 6xx) is the callee's, not the trunk's,
 * and goes to the caller. A trunk at its max-calls is skipped.
 *
 * <p>A trunk that challenges (401/407, as a PBX does for calls from a registering trunk) gets the
 * request again with the trunk's credentials and the next CSeq (RFC 3261 22.2); a second challenge
 * means it refused them, and the call goes on to the next trunk as if this one had failed.
 */
final class TrunkFailover implements Fork.Failover {

    private static final Logger LOG = LoggerFactory.getLogger(TrunkFailover.class);

    private final SipContext sip;
    private final Forwarder forwarder;
    private final Dialogs dialogs;
    private final Clock clock;
    private final PbxBridge bridge;
    private final TrunkSlots slots;
    private final CallObserver calls;
    private final ScheduledExecutorService timers;
    private final Duration answerTimeout;
    private final Request received;
    private final Request forward;
    private final Iterator<PbxBridge.Target> targets;
    private final boolean invite;
    private final String callId;
    /** The trunk the latest branch went to, and whether that branch already carried its credentials. */
    private PbxBridge.Target current;
    private boolean authenticated;

    TrunkFailover(ProxyRoute proxy, Clock clock, PbxBridge bridge, TrunkSlots slots, Request received, Request forward,
                  List<PbxBridge.Target> targets, String callId) {
        this.sip = proxy.sip();
        this.forwarder = proxy.forwarder();
        this.dialogs = proxy.dialogs();
        this.clock = clock;
        this.bridge = bridge;
        this.slots = slots;
        this.calls = proxy.calls();
        this.timers = proxy.timers();
        this.answerTimeout = proxy.settings().trunkAnswerTimeout();
        this.received = received;
        this.forward = forward;
        this.targets = List.copyOf(targets).iterator();
        this.invite = Request.INVITE.equals(received.getMethod());
        this.callId = callId;
    }

    /** Adds the first usable trunk's branch to {@code fork}, unsent; false when no trunk can take it. */
    boolean first(Fork fork) {
        return next(fork, false);
    }

    @Override
    public boolean retry(Fork fork, Branch failed, Response response) {
        int code = response.getStatusCode();
        if (code == Response.UNAUTHORIZED || code == Response.PROXY_AUTHENTICATION_REQUIRED) {
            // The challenge is the trunk's business, not the caller's: whatever happens next, the
            // caller must never get it (and answer it with its own password).
            failed.finalResponse = refusal(Response.SERVICE_UNAVAILABLE, "Trunk authentication failed");
            if (!authenticated && answerChallenge(fork, failed, response)) {
                return true;
            }
            LOG.warn("call {}: trunk {} answered {}{} and Palisade has no credentials it accepts; check the trunk's username and password",
                    callId, current.trunk(), code, authenticated ? " again" : "");
            return next(fork, true);
        }
        if (code != Response.REQUEST_TIMEOUT && code / 100 != 5) {
            return false;
        }
        LOG.info("call {}: trunk at {} answered {}; trying the next trunk", callId, failed.hop, code);
        return next(fork, true);
    }

    private boolean next(Fork fork, boolean send) {
        while (targets.hasNext()) {
            PbxBridge.Target t = targets.next();
            // Only calls hold a slot: a MESSAGE is over in one transaction and max-calls is about calls.
            if (invite && !slots.take(callId, t.trunk())) {
                LOG.debug("call {}: trunk {} is full", callId, t.trunk());
                continue;
            }
            Branch branch;
            try {
                branch = branch(fork, t);
            } catch (Exception e) {
                LOG.warn("call {}: no branch to trunk {}: {}", callId, t.trunk(), e.toString());
                continue;
            }
            if (invite) {
                try {
                    calls.trunk(callId, t.trunk());
                } catch (RuntimeException e) {
                    LOG.warn("call observer failed", e);
                }
            }
            current = t;
            authenticated = false;
            if (invite) {
                dialogs.forgetEarly(callId, callerTag()); // a new trunk gets the caller's own CSeq again
            }
            timers.schedule(() -> fork.unanswered(branch), answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (send) {
                fork.send(branch);
            } else {
                fork.add(branch);
            }
            return true;
        }
        return false;
    }

    /** The challenged request once more, with credentials, the next CSeq and a new branch; false when it cannot be answered. */
    private boolean answerChallenge(Fork fork, Branch failed, Response challenge) {
        boolean proxy = challenge.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED;
        Request sent = failed.tx.getRequest();
        Optional<String> credentials = bridge.credentials(current.trunk(),
                values(challenge, proxy ? ProxyAuthenticateHeader.NAME : WWWAuthenticateHeader.NAME), sent.getMethod(),
                sent.getRequestURI().toString());
        if (credentials.isEmpty()) {
            return false;
        }
        try {
            Request again = (Request) sent.clone();
            again.removeFirst(ViaHeader.NAME);
            CSeqHeader cseq = (CSeqHeader) again.getHeader(CSeqHeader.NAME);
            cseq.setSeqNumber(cseq.getSeqNumber() + 1);
            again.setHeader(sip.headers().createHeader(proxy ? ProxyAuthorizationHeader.NAME : AuthorizationHeader.NAME,
                    credentials.get()));
            ClientTransaction ct = forwarder.prepare(again, received, failed.hop);
            Branch branch = new Branch(fork, ct, failed.hop);
            ct.setApplicationData(branch);
            authenticated = true;
            if (invite) {
                dialogs.shiftEarly(callId, callerTag(), cseq.getSeqNumber() - Forwarder.cseq(received), clock.millis());
            }
            LOG.debug("call {}: answering the challenge of trunk {}", callId, current.trunk());
            timers.schedule(() -> fork.unanswered(branch), answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
            fork.send(branch);
            return true;
        } catch (Exception e) {
            LOG.warn("call {}: cannot answer the challenge of trunk {}: {}", callId, current.trunk(), e.toString());
            return false;
        }
    }

    private String callerTag() {
        return ((FromHeader) received.getHeader(FromHeader.NAME)).getTag();
    }

    private Response refusal(int code, String reason) {
        try {
            Response r = sip.messages().createResponse(code, received);
            r.setReasonPhrase(reason);
            return r;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The values of the {@code name} headers, without the name: what {@link PbxBridge#credentials} reads. */
    private static List<String> values(Response r, String name) {
        List<String> out = new ArrayList<>();
        for (ListIterator<?> it = r.getHeaders(name); it.hasNext(); ) {
            String text = it.next().toString().trim();
            int colon = text.indexOf(':');
            out.add(colon < 0 ? text : text.substring(colon + 1).trim());
        }
        return out;
    }

    private Branch branch(Fork fork, PbxBridge.Target t) throws Exception {
        SipURI uri = sip.addresses().createSipURI(t.number(), t.host());
        uri.setPort(t.port());
        if (!"UDP".equalsIgnoreCase(t.transport())) {
            uri.setTransportParam(t.transport().toLowerCase(Locale.ROOT));
        }
        NextHop hop = new NextHop(t.host(), t.port(), t.transport());
        Request copy = forwarder.copyFor(forward, uri, hop, invite, sip.settings().domain());
        ClientTransaction ct = forwarder.prepare(copy, received, hop);
        Branch branch = new Branch(fork, ct, hop);
        ct.setApplicationData(branch);
        return branch;
    }
}
