package org.palisade.sip.proxy;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.address.SipURI;
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
 */
final class TrunkFailover implements Fork.Failover {

    private static final Logger LOG = LoggerFactory.getLogger(TrunkFailover.class);

    private final SipContext sip;
    private final Forwarder forwarder;
    private final TrunkSlots slots;
    private final CallObserver calls;
    private final ScheduledExecutorService timers;
    private final Duration answerTimeout;
    private final Request received;
    private final Request forward;
    private final Iterator<PbxBridge.Target> targets;
    private final boolean invite;
    private final String callId;

    TrunkFailover(SipContext sip, Forwarder forwarder, TrunkSlots slots, CallObserver calls, ScheduledExecutorService timers,
                  Duration answerTimeout, Request received, Request forward, List<PbxBridge.Target> targets, String callId) {
        this.sip = sip;
        this.forwarder = forwarder;
        this.slots = slots;
        this.calls = calls;
        this.timers = timers;
        this.answerTimeout = answerTimeout;
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
