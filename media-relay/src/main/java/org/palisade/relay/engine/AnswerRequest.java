package org.palisade.relay.engine;

import java.util.List;
import java.util.Objects;

/**
 * The SDP answer of the party tagged {@code toTag} to the last offer of the party tagged
 * {@code fromTag} (rtpengine's convention: the tags of the offer, not of the answering message).
 */
public record AnswerRequest(String callId, String fromTag, String toTag, List<LegMedia> media) {

    public AnswerRequest {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(fromTag, "fromTag");
        Objects.requireNonNull(toTag, "toTag");
        media = List.copyOf(media);
    }
}
