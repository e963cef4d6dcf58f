package org.palisade.core.policy;

import java.util.List;
import java.util.Locale;

/**
 * One m= line of an SDP offer, as much of it as the rights policy needs.
 *
 * @param type       the media type: audio, video, application, message, image, text
 * @param protocol   the transport protocol, e.g. RTP/AVP or TCP/MSRP
 * @param attributes the a= attribute names of this medium (e.g. file-selector)
 */
public record MediaLine(String type, int port, String protocol, List<String> attributes) {

    public MediaLine {
        type = type.toLowerCase(Locale.ROOT);
        protocol = protocol == null ? "" : protocol;
        attributes = List.copyOf(attributes);
    }

    /** A port of 0 means the medium is already declined (RFC 3264 section 5.1). */
    public boolean enabled() {
        return port != 0;
    }

    boolean isMsrp() {
        return protocol.toUpperCase(Locale.ROOT).contains("MSRP");
    }
}
