package org.palisade.sip.media;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.palisade.core.call.CallObserver;
import org.palisade.core.call.Disposition;
import org.palisade.core.call.ForwardingCallObserver;
import org.palisade.core.call.Party;
import org.palisade.core.media.MediaAnchor;
import org.palisade.core.media.MediaLegs;
import org.palisade.core.media.MediaStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The anchored calls of this node and the SDP offer/answer exchange of each (RFC 3264): every
 * SDP body of such a call, in a request or a response, goes through the relay, as an offer
 * when no offer is outstanding and as the answer to the outstanding one otherwise. That covers
 * the usual INVITE/200 exchange, early media (183), a late offer (INVITE without SDP, offer in
 * the 200, answer in the ACK) and re-INVITEs from either side.
 *
 * <p>The end of a call releases its relay ports. {@link #observing} puts that on the one path
 * every call end takes, the call events, so that no ending (BYE, CANCEL, failure, kill switch,
 * media timeout) forgets it, and the counters reach the CDR before the end event does.
 */
public final class MediaSessions {

    private static final Logger LOG = LoggerFactory.getLogger(MediaSessions.class);

    private final MediaAnchor anchor;
    /** Releases run off the SIP threads: a relay that does not answer must not hold a call's BYE. */
    private final Executor releases;
    private final Map<String, Exchange> calls = new ConcurrentHashMap<>();

    public MediaSessions(MediaAnchor anchor, Executor releases) {
        this.anchor = anchor;
        this.releases = releases;
    }

    /** The offer/answer state of one call; synchronized, as both sides' messages can cross. */
    private static final class Exchange {
        /** The tag whose offer awaits its final answer, null when none does. */
        String offerer;
        /** The last body exchanged and what the relay made of it: a retransmission or a 183 and 200 with the same SDP reuse it. */
        String lastSender;
        byte[] lastIn;
        byte[] lastOut;
    }

    /**
     * A new call to anchor: the INVITE's SDP offer from the caller, or null for a late offer.
     *
     * @return the SDP to forward to the callee
     * @throws org.palisade.core.media.RelayUnavailableException when no relay node takes it; the call is then not anchored
     */
    public byte[] start(String callId, String callerTag, byte[] offer) {
        Exchange exchange = new Exchange();
        if (calls.putIfAbsent(callId, exchange) != null) {
            throw new IllegalStateException("call " + callId + " is anchored already");
        }
        if (offer == null) {
            return null;
        }
        try {
            return exchange(callId, exchange, callerTag, null, offer, true);
        } catch (RuntimeException e) {
            calls.remove(callId);
            throw e;
        }
    }

    public boolean anchored(String callId) {
        return calls.containsKey(callId);
    }

    /**
     * Any later SDP body of an anchored call.
     *
     * @param settles true when an answer in this message is final (a request, or a 2xx), false
     *                for a provisional response whose answer the 2xx may still change
     * @return the body to forward, or {@code sdp} itself when the call is not anchored
     * @throws org.palisade.core.media.RelayUnavailableException when the relay does not answer
     */
    public byte[] exchange(String callId, String senderTag, String receiverTag, byte[] sdp, boolean settles) {
        Exchange exchange = calls.get(callId);
        return exchange == null ? sdp : exchange(callId, exchange, senderTag, receiverTag, sdp, settles);
    }

    private byte[] exchange(String callId, Exchange x, String sender, String receiver, byte[] sdp, boolean settles) {
        synchronized (x) {
            if (sender.equals(x.lastSender) && Arrays.equals(sdp, x.lastIn)) {
                if (settles && x.offerer != null && !x.offerer.equals(sender)) {
                    x.offerer = null;
                }
                return x.lastOut;
            }
            byte[] out;
            if (x.offerer == null || x.offerer.equals(sender)) {
                out = anchor.offer(new MediaLegs(callId, sender, receiver), sdp);
                x.offerer = sender;
            } else {
                out = anchor.answer(new MediaLegs(callId, x.offerer, sender), sdp);
                if (settles) {
                    x.offerer = null;
                }
            }
            x.lastSender = sender;
            x.lastIn = sdp;
            x.lastOut = out;
            return out;
        }
    }

    /** The counters so far, for the no-media watch; empty when the relay no longer knows the call. */
    public Optional<MediaStats> query(String callId) {
        return anchor.query(callId);
    }

    /** Runs relay work that may wait for a node (the no-media watch) on the release threads, not the caller's. */
    public void inBackground(Runnable task) {
        releases.execute(task);
    }

    /** The calls anchored on this node now. */
    public List<String> callIds() {
        return List.copyOf(calls.keySet());
    }

    /**
     * {@code calls} with the relay released at each call's end: the end event waits (off the
     * SIP thread) for the relay's final counters and follows them.
     */
    public CallObserver observing(CallObserver calls) {
        return new ForwardingCallObserver(calls) {
            @Override
            public void ended(String callId, long atMillis, Party hungUpBy, String reason) {
                release(callId, () -> next.ended(callId, atMillis, hungUpBy, reason));
            }

            @Override
            public void failed(String callId, long atMillis, int sipCode, Disposition disposition) {
                release(callId, () -> next.failed(callId, atMillis, sipCode, disposition));
            }

            private void release(String callId, Runnable endEvent) {
                if (MediaSessions.this.calls.remove(callId) == null) {
                    endEvent.run();
                    return;
                }
                releases.execute(() -> {
                    try {
                        anchor.delete(callId).ifPresent(stats -> next.relayed(callId, stats));
                    } catch (RuntimeException e) {
                        LOG.warn("relay release of {} failed: {}", callId, e.toString());
                    }
                    endEvent.run();
                });
            }
        };
    }
}
