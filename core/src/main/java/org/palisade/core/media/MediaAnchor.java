package org.palisade.core.media;

import java.util.Optional;

/**
 * Where the proxy anchors a call's media: a relay node (Palisade's own or an rtpengine) that
 * both phones send their RTP to, so neither learns the other's address and every byte is
 * counted. The proxy hands it each SDP body of the call and forwards what comes back.
 *
 * <p>Called on SIP threads; implementations time out within a second or two and never block
 * longer. Identified as rtpengine identifies calls: by Call-ID and the two dialog tags.
 */
public interface MediaAnchor {

    /**
     * An offer (usually the caller's INVITE) from the party tagged {@code fromTag}.
     *
     * @return the SDP to forward, with the relay's addresses and ports in place of the sender's
     * @throws RelayUnavailableException when no relay node can take the call
     */
    byte[] offer(MediaLegs legs, byte[] sdp);

    /**
     * The answer to the last offer, from the party tagged {@code legs.toTag()}.
     *
     * @return the SDP to forward back to the offerer
     * @throws RelayUnavailableException when the node that took the offer does not answer
     */
    byte[] answer(MediaLegs legs, byte[] sdp);

    /**
     * The call is over: the relay frees its ports. Never throws.
     *
     * @return the final counters, or empty when the relay did not know the call (any more)
     */
    Optional<MediaStats> delete(String callId);

    /**
     * The counters so far and the time of the last packet, for the no-media watch. Never throws.
     *
     * @return empty when the relay no longer knows the call (it timed out there, or restarted)
     */
    Optional<MediaStats> query(String callId);

    /** For calls that are not anchored (policy "none"): SDP passes unchanged. */
    MediaAnchor NONE = new MediaAnchor() {
        @Override
        public byte[] offer(MediaLegs legs, byte[] sdp) {
            return sdp;
        }

        @Override
        public byte[] answer(MediaLegs legs, byte[] sdp) {
            return sdp;
        }

        @Override
        public Optional<MediaStats> delete(String callId) {
            return Optional.empty();
        }

        @Override
        public Optional<MediaStats> query(String callId) {
            return Optional.empty();
        }
    };
}
