package org.palisade.sip.proxy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sip.address.Address;
import javax.sip.address.URI;
import javax.sip.message.Request;
import org.palisade.core.call.CallObserver;
import org.palisade.core.call.Party;
import org.palisade.core.rights.ServiceRight;
import org.palisade.sip.NextHop;
import org.palisade.sip.SipServer.SipContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends answered calls on Palisade's own initiative (the admin kill switch, media that stopped): a BYE to each
 * side, built from what {@link Dialogs} remembers, with a CSeq above the highest that side
 * has sent so that the receiver accepts it, and a Reason saying why.
 */
final class CallTerminator {

    private static final Logger LOG = LoggerFactory.getLogger(CallTerminator.class);

    private final SipContext sip;
    private final Forwarder forwarder;
    private final Dialogs dialogs;
    private final CallObserver calls;
    private final Clock clock;

    CallTerminator(SipContext sip, Forwarder forwarder, Dialogs dialogs, CallObserver calls, Clock clock) {
        this.sip = sip;
        this.forwarder = forwarder;
        this.dialogs = dialogs;
        this.calls = calls;
        this.clock = clock;
    }

    /**
     * Every answered call on this node that uses one of {@code off} is ended and recorded as
     * hung up by SYSTEM.
     *
     * @return how many calls were ended
     */
    int endCallsUsing(Set<ServiceRight> off) {
        int ended = 0;
        for (Dialogs.Entry call : dialogs.calls()) {
            Dialogs.Session s = call.session();
            if (s == null || Collections.disjoint(s.services(), off)) {
                continue;
            }
            String why = off.stream().filter(s.services()::contains).map(ServiceRight::label).sorted()
                    .collect(Collectors.joining(",")) + " switched off by the administrator";
            if (end(call, why, "ADMIN KILL SWITCH")) {
                ended++;
            }
        }
        return ended;
    }

    /**
     * Ends one answered call: a BYE to each side with {@code why} as its Reason, and the call's
     * end recorded as by SYSTEM for {@code cdrReason}.
     *
     * @return false when the call had ended already, or Palisade cannot address its parties
     */
    boolean end(Dialogs.Entry call, String why, String cdrReason) {
        Dialogs.Session s = call.session();
        if (s == null || !call.ended().compareAndSet(false, true)) {
            return false;
        }
        dialogs.remove(call);
        bye(call, s.calleeTarget(), s.callerAddress(), call.callerTag(), s.calleeAddress(), call.calleeTag(),
                s.callerCseq().incrementAndGet() + call.cseqShift(), call.callee(), why);
        bye(call, s.callerTarget(), s.calleeAddress(), call.calleeTag(), s.callerAddress(), call.callerTag(),
                s.calleeCseq().incrementAndGet(), call.caller(), why);
        try {
            calls.ended(call.callId(), clock.millis(), Party.SYSTEM, cdrReason);
        } catch (RuntimeException e) {
            LOG.warn("call observer failed", e);
        }
        return true;
    }

    private void bye(Dialogs.Entry call, URI target, Address from, String fromTag, Address to, String toTag, long cseq, NextHop hop,
                     String why) {
        if (target == null) {
            return;
        }
        try {
            Request bye = sip.messages().createRequest(target, Request.BYE, sip.headers().createCallIdHeader(call.callId()),
                    sip.headers().createCSeqHeader(cseq, Request.BYE), sip.headers().createFromHeader(from, fromTag),
                    sip.headers().createToHeader(to, toTag), new ArrayList<>(), sip.headers().createMaxForwardsHeader(70));
            bye.addHeader(sip.headers().createReasonHeader("SIP", 200, why));
            forwarder.prepare(bye, bye, hop).sendRequest();
        } catch (Exception e) {
            LOG.warn("could not send BYE for {} towards {}: {}", call.callId(), hop, e.toString());
        }
    }
}
