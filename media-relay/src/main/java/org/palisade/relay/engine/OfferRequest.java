package org.palisade.relay.engine;

import java.net.ProtocolFamily;
import java.util.List;
import java.util.Objects;

/**
 * An SDP offer from the party tagged {@code fromTag}; {@code toTag} is the other party's tag when
 * known (re-INVITEs), else null.
 *
 * @param offererFamily   the family of the offerer's SDP addresses: its leg's sockets use it when
 *                        the relay has it
 * @param answererFamily  the family to offer the other party (ng "address family"), or null for
 *                        the offerer's
 */
public record OfferRequest(String callId, String fromTag, String toTag, List<LegMedia> media,
                           ProtocolFamily offererFamily, ProtocolFamily answererFamily, RtcpMux.Flags mux) {

    public OfferRequest {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(fromTag, "fromTag");
        media = List.copyOf(media);
        mux = mux == null ? RtcpMux.Flags.NONE : mux;
    }
}
