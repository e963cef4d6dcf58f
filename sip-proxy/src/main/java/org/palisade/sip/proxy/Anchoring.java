package org.palisade.sip.proxy;

import java.util.Map;
import javax.sip.ServerTransaction;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.palisade.core.audit.AuditEvent;
import org.palisade.core.audit.AuditLog;
import org.palisade.core.audit.AuditType;
import org.palisade.core.media.AnchorPolicy;
import org.palisade.core.media.RelayUnavailableException;
import org.palisade.sip.Replies;
import org.palisade.sip.Source;
import org.palisade.sip.media.MediaSessions;
import org.palisade.sip.media.SdpBodies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media step of the proxy's script: which calls are anchored ({@link AnchorPolicy}), and
 * every SDP body of those, in requests and responses, through {@link MediaSessions} and so
 * through their relay node.
 */
final class Anchoring {

    private static final Logger LOG = LoggerFactory.getLogger(Anchoring.class);

    /** Null when this node anchors nothing. */
    private final MediaSessions media;
    private final AnchorPolicy policy;
    private final Replies replies;
    private final AuditLog audit;

    Anchoring(MediaSessions media, AnchorPolicy policy, Replies replies, AuditLog audit) {
        this.media = media;
        this.policy = policy;
        this.replies = replies;
        this.audit = audit;
    }

    /**
     * Media: the offer goes to a relay node and the callee gets the relay's addresses. No node
     * to take it means 503, audited: a call is never put through unanchored when policy says
     * it must be anchored.
     */
    boolean offer(ServerTransaction tx, Request request, Request forward, String caller, String callee, Source source,
                  Fork.Outcome outcome, boolean external) {
        if (media == null || !policy.anchors(external)) {
            return true;
        }
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        try {
            byte[] sdp = SdpBodies.of(forward);
            byte[] anchored = media.start(callId, ((FromHeader) request.getHeader(FromHeader.NAME)).getTag(), sdp);
            if (sdp != null) {
                SdpBodies.replace(forward, anchored);
            }
            return true;
        } catch (RelayUnavailableException e) {
            LOG.warn("call {} from {} to {}: {}", callId, caller, callee, e.getMessage());
            audit.record(new AuditEvent(AuditType.RELAY_UNAVAILABLE, caller, callee, source.toString(),
                    Map.of("callId", callId, "reason", e.getMessage())));
            replies.send(tx, request, Response.SERVICE_UNAVAILABLE, "No media relay available");
            outcome.failed(Response.SERVICE_UNAVAILABLE, false);
            return false;
        }
    }

    /**
     * A later SDP body of an anchored call, in a request ({@code response} null) or a response:
     * through the relay. A relay that fails here leaves the body as it was and says so loudly;
     * refusing a re-INVITE is the caller's business, see {@code ProxyRoute.inDialog}.
     */
    void later(javax.sip.message.Message message, String senderTag, String receiverTag, boolean settles) {
        if (media == null) {
            return;
        }
        byte[] sdp = SdpBodies.of(message);
        if (sdp == null) {
            return;
        }
        String callId = ((CallIdHeader) message.getHeader(CallIdHeader.NAME)).getCallId();
        SdpBodies.replace(message, media.exchange(callId, senderTag, receiverTag, sdp, settles));
    }

    /** Responses on their way to the caller (or to the sender of an in-dialog request): SDP in 18x and 2xx is anchored. */
    Response upstream(Response upstream) {
        int code = upstream.getStatusCode();
        if (media == null || code <= 100 || code >= 300) {
            return upstream;
        }
        String requester = ((FromHeader) upstream.getHeader(FromHeader.NAME)).getTag();
        String responder = ((ToHeader) upstream.getHeader(ToHeader.NAME)).getTag();
        if (requester == null || responder == null) {
            return upstream;
        }
        try {
            later(upstream, responder, requester, code >= 200);
        } catch (RelayUnavailableException e) {
            LOG.error("call {}: the relay did not take the answer; the SDP goes on unanchored: {}",
                    ((CallIdHeader) upstream.getHeader(CallIdHeader.NAME)).getCallId(), e.getMessage());
        }
        return upstream;
    }
}
