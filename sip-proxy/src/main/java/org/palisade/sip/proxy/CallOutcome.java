package org.palisade.sip.proxy;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.palisade.core.call.Disposition;
import org.palisade.core.rights.ServiceRight;
import org.palisade.sip.NextHop;
import org.palisade.sip.Source;

/**
 * What an initial INVITE's fork leaves behind: the call events (answered, failed) and, for each
 * 2xx, the dialog map entry that routes the call's later requests and lets Palisade end it.
 */
final class CallOutcome implements Fork.Outcome {

    private final ProxyRoute proxy;
    private final Dialogs dialogs;
    /** The services each allowed INVITE will use, until it is answered; the answer moves them into its dialog. */
    private final Map<String, Set<ServiceRight>> servicesByCall;
    private final Request invite;
    private final Source callerSource;
    private final Clock clock;
    private final String callId;
    private final String callerTag;

    CallOutcome(ProxyRoute proxy, Dialogs dialogs, Map<String, Set<ServiceRight>> servicesByCall, Request invite, Source callerSource,
                Clock clock) {
        this.proxy = proxy;
        this.dialogs = dialogs;
        this.servicesByCall = servicesByCall;
        this.invite = invite;
        this.callerSource = callerSource;
        this.clock = clock;
        this.callId = ((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId();
        this.callerTag = ((FromHeader) invite.getHeader(FromHeader.NAME)).getTag();
    }

    @Override
    public void answered(Branch branch, Response upstream, boolean first) {
        String calleeTag = ((ToHeader) upstream.getHeader(ToHeader.NAME)).getTag();
        if (callerTag != null && calleeTag != null) {
            dialogs.add(new Dialogs.Entry(callId, callerTag, calleeTag, NextHop.of(callerSource), branch.hop, first,
                    clock.millis(), new AtomicBoolean(), session(upstream, first ? servicesByCall.remove(callId) : null),
                    Forwarder.cseq(branch.tx.getRequest()) - Forwarder.cseq(invite)));
        }
        if (first) {
            dialogs.forgetEarly(callId, callerTag);
            proxy.notify(() -> proxy.calls().answered(callId, clock.millis()));
        }
    }

    @Override
    public void failed(int code, boolean cancelledByCaller) {
        servicesByCall.remove(callId);
        dialogs.forgetEarly(callId, callerTag);
        Disposition disposition = cancelledByCaller ? Disposition.CANCELLED : Disposition.ofFinalCode(code);
        proxy.notify(() -> proxy.calls().failed(callId, clock.millis(), code, disposition));
    }

    private Dialogs.Session session(Response answer, Set<ServiceRight> services) {
        ContactHeader callerContact = (ContactHeader) invite.getHeader(ContactHeader.NAME);
        ContactHeader calleeContact = (ContactHeader) answer.getHeader(ContactHeader.NAME);
        return new Dialogs.Session(((FromHeader) invite.getHeader(FromHeader.NAME)).getAddress(),
                ((ToHeader) answer.getHeader(ToHeader.NAME)).getAddress(),
                callerContact == null ? null : callerContact.getAddress().getURI(),
                calleeContact == null ? null : calleeContact.getAddress().getURI(),
                services == null ? Set.of() : services,
                new AtomicLong(((CSeqHeader) invite.getHeader(CSeqHeader.NAME)).getSeqNumber()), new AtomicLong());
    }
}
