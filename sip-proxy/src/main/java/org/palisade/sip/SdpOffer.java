package org.palisade.sip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Vector;
import javax.sdp.Attribute;
import javax.sdp.MediaDescription;
import javax.sdp.SdpException;
import javax.sdp.SdpFactory;
import javax.sdp.SdpParseException;
import javax.sdp.SessionDescription;
import org.palisade.core.policy.MediaLine;

/**
 * An SDP body (RFC 4566) seen through the rights policy: its m-lines, and the same body with
 * some of them declined. Declining sets the port to 0 and keeps the line, as RFC 3264 5.1
 * requires, so the answer can still line up with the offer.
 */
public final class SdpOffer {

    private final SessionDescription sdp;

    private SdpOffer(SessionDescription sdp) {
        this.sdp = sdp;
    }

    /** @throws IllegalArgumentException when the body is not SDP Palisade can read (the caller answers 400/488) */
    public static SdpOffer parse(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        // The NIST parser skips lines it does not know, so garbage would pass as an empty session.
        if (!text.startsWith("v=")) {
            throw new IllegalArgumentException("Malformed SDP: it must start with v=");
        }
        try {
            return new SdpOffer(SdpFactory.getInstance().createSessionDescription(text));
        } catch (SdpParseException e) {
            throw new IllegalArgumentException("Malformed SDP: " + e.getMessage(), e);
        }
    }

    public List<MediaLine> lines() {
        List<MediaLine> lines = new ArrayList<>();
        try {
            for (MediaDescription md : media()) {
                List<String> attributes = new ArrayList<>();
                Vector<?> attrs = md.getAttributes(false);
                if (attrs != null) {
                    for (Object a : attrs) {
                        attributes.add(((Attribute) a).getName());
                    }
                }
                lines.add(new MediaLine(md.getMedia().getMediaType(), md.getMedia().getMediaPort(), md.getMedia().getProtocol(),
                        attributes));
            }
        } catch (SdpParseException e) {
            throw new IllegalArgumentException("Malformed SDP: " + e.getMessage(), e);
        }
        return lines;
    }

    /** The body with the m-lines at {@code indexes} declined. */
    public byte[] decline(Set<Integer> indexes) {
        try {
            List<MediaDescription> media = media();
            for (int i : indexes) {
                media.get(i).getMedia().setMediaPort(0);
            }
        } catch (SdpException e) {
            throw new IllegalStateException("cannot decline media", e);
        }
        return sdp.toString().getBytes(StandardCharsets.UTF_8);
    }

    private List<MediaDescription> media() {
        try {
            Vector<?> v = sdp.getMediaDescriptions(false);
            List<MediaDescription> out = new ArrayList<>();
            if (v != null) {
                v.forEach(o -> out.add((MediaDescription) o));
            }
            return out;
        } catch (SdpException e) {
            throw new IllegalArgumentException("Malformed SDP: " + e.getMessage(), e);
        }
    }
}
