package org.palisade.core.media;

/**
 * A call as a relay knows it: the Call-ID, the tag of the party that sent the SDP in hand
 * ({@code fromTag}) and the other party's tag, null while an offer has not been answered.
 */
public record MediaLegs(String callId, String fromTag, String toTag) {

    public MediaLegs {
        if (callId == null || callId.isEmpty() || fromTag == null || fromTag.isEmpty()) {
            throw new IllegalArgumentException("media legs: call id and from-tag are required");
        }
    }
}
