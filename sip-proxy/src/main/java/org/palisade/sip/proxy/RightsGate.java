package org.palisade.sip.proxy;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sip.ServerTransaction;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.palisade.core.audit.AuditEvent;
import org.palisade.core.audit.AuditLog;
import org.palisade.core.audit.AuditType;
import org.palisade.core.call.CallObserver;
import org.palisade.core.call.Disposition;
import org.palisade.core.policy.CallDecision;
import org.palisade.core.policy.MediaLine;
import org.palisade.core.policy.RightsPolicy;
import org.palisade.core.rights.RightsProfile;
import org.palisade.core.rights.ServiceRight;
import org.palisade.sip.Replies;
import org.palisade.sip.SdpOffer;
import org.palisade.sip.SipServer.SipContext;
import org.palisade.sip.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rights step of the proxy's script: what a call or message may carry, decided by both
 * parties' profiles and the kill switch ({@link RightsPolicy}) and enforced on the signalling
 * itself. A refusal is a 403 with a Warning naming the missing right, an audit entry and, for a
 * call, a BLOCKED BY POLICY record, in that order, so whoever sees the 403 finds both.
 */
final class RightsGate {

    private static final Logger LOG = LoggerFactory.getLogger(RightsGate.class);

    /** Caller and callee with their rights profiles (the far side of a trunk gets every right). */
    record Parties(String caller, RightsProfile callerRights, String callee, RightsProfile calleeRights) {
    }

    private final SipContext sip;
    private final Replies replies;
    private final RightsPolicy policy;
    private final AuditLog audit;
    private final CallObserver calls;
    private final ChatRoute chat;
    /** The services each allowed INVITE will use, until it is answered: what the kill switch checks. */
    private final Map<String, Set<ServiceRight>> servicesByCall;
    private final Clock clock;

    RightsGate(SipContext sip, Replies replies, RightsPolicy policy, AuditLog audit, CallObserver calls, ChatRoute chat,
               Map<String, Set<ServiceRight>> servicesByCall, Clock clock) {
        this.sip = sip;
        this.replies = replies;
        this.policy = policy;
        this.audit = audit;
        this.calls = calls;
        this.chat = chat;
        this.servicesByCall = servicesByCall;
        this.clock = clock;
    }

    /**
     * Service rights on the signalling itself: an INVITE keeps the media both sides may use
     * (the others are declined with port 0), a MESSAGE needs chat or file transfer. What is
     * refused is answered 403 with a Warning that names the missing right, audited, and, for
     * a call, recorded as BLOCKED BY POLICY.
     */
    boolean allows(ServerTransaction tx, Request request, Request forward, Parties p, Source source, Fork.Outcome outcome) {
        String caller = p.caller();
        String callee = p.callee();
        if (Request.MESSAGE.equals(request.getMethod())) {
            ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
            String contentType = type == null ? null : type.getContentType() + "/" + type.getContentSubType();
            String why = policy.refuseMessage(caller, p.callerRights(), callee, p.calleeRights(), contentType);
            if (why != null) {
                chat.blocked(request, caller, callee, source);
                blocked(tx, request, source, caller, callee, RightsPolicy.rightForMessage(contentType), why, outcome);
                return false;
            }
            return true;
        }
        SdpOffer offer;
        List<MediaLine> lines;
        try {
            byte[] body = request.getRawContent();
            offer = body == null || body.length == 0 ? null : SdpOffer.parse(body);
            lines = offer == null ? List.of() : offer.lines();
        } catch (IllegalArgumentException e) {
            replies.send(tx, request, Response.BAD_REQUEST, e.getMessage());
            outcome.failed(Response.BAD_REQUEST, false);
            return false;
        }
        CallDecision decision = policy.decideCall(caller, p.callerRights(), callee, p.calleeRights(), lines);
        reportMedia(callId(request), lines, decision);
        if (decision instanceof CallDecision.Refuse refuse) {
            blocked(tx, request, source, caller, callee, refuse.missing(), refuse.reason(), outcome);
            return false;
        }
        CallDecision.Allow allow = (CallDecision.Allow) decision;
        uses(callId(request), allow.used());
        if (!allow.declined().isEmpty()) {
            try {
                forward.setContent(offer.decline(allow.declined()), (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME));
            } catch (java.text.ParseException e) {
                throw new IllegalStateException(e);
            }
            List<String> dropped = allow.declined().stream().sorted().map(i -> lines.get(i).type()).toList();
            audit.record(new AuditEvent(AuditType.POLICY_BLOCKED, caller, callee, source.toString(),
                    Map.of("method", request.getMethod(), "callId", callId(request), "declinedMedia", dropped,
                            "outcome", "media removed")));
        }
        return true;
    }

    /**
     * The right a trunk call needs (external-out or external-in), by profile and kill switch;
     * when it is there, the call ({@code callId}, null for a MESSAGE) counts as using it, so that
     * switching it off ends the call.
     *
     * @return why it is refused, or null
     */
    String refusesRoute(String callId, String party, RightsProfile rights, ServiceRight right) {
        String why = policy.refuseRoute(party, rights, right);
        if (why == null && callId != null) {
            uses(callId, Set.of(right));
        }
        return why;
    }

    /** Adds to the services the call uses (a trunk call: its media, and the external right). */
    private void uses(String callId, Set<ServiceRight> services) {
        servicesByCall.merge(callId, services, (a, b) -> {
            Set<ServiceRight> all = java.util.EnumSet.noneOf(ServiceRight.class);
            all.addAll(a);
            all.addAll(b);
            return all;
        });
    }

    /** The CDR's media offered and used: the m-line types, in offer order, without repeats. */
    private void reportMedia(String callId, List<MediaLine> lines, CallDecision decision) {
        java.util.Set<Integer> declined = decision instanceof CallDecision.Allow allow ? allow.declined() : null;
        java.util.Set<String> offered = new java.util.LinkedHashSet<>();
        java.util.Set<String> used = new java.util.LinkedHashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).enabled()) {
                offered.add(lines.get(i).type());
                if (declined != null && !declined.contains(i)) {
                    used.add(lines.get(i).type());
                }
            }
        }
        if (lines.isEmpty() && declined != null) {
            used.add("audio"); // an INVITE without SDP is treated as a voice call
        }
        notify(() -> calls.media(callId, String.join(",", offered), String.join(",", used)));
    }

    private void blocked(ServerTransaction tx, Request request, Source source, String caller, String callee, ServiceRight missing,
                         String why, Fork.Outcome outcome) {
        Response forbidden = replies.create(request, Response.FORBIDDEN, "Forbidden: " + missing.label() + " not allowed");
        try {
            forbidden.addHeader(sip.headers().createWarningHeader(sip.settings().domain(), 399, why));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        // Recorded before the phone hears of it: whoever sees the 403 finds the audit entry and the CDR.
        audit.record(new AuditEvent(AuditType.POLICY_BLOCKED, caller, callee, source.toString(),
                Map.of("method", request.getMethod(), "callId", callId(request), "right", missing.label(), "reason", why)));
        if (Request.INVITE.equals(request.getMethod())) {
            notify(() -> calls.failed(callId(request), clock.millis(), Response.FORBIDDEN, Disposition.BLOCKED_BY_POLICY));
        }
        replies.send(tx, forbidden);
    }

    /** A right the route itself needs (external-in, external-out) is missing: refused like a medium nobody may use. */
    void refused(ServerTransaction tx, Request request, Source source, String caller, String callee, ServiceRight missing,
                      String why, Fork.Outcome outcome) {
        if (Request.MESSAGE.equals(request.getMethod())) {
            chat.blocked(request, caller, callee, source);
        }
        blocked(tx, request, source, caller, callee, missing, why, outcome);
    }

    private void notify(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            LOG.warn("call observer failed", e);
        }
    }

    private static String callId(Request request) {
        return ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
    }
}
