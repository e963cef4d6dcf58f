package org.palisade.sip.media;

import java.text.ParseException;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Message;

/** The SDP body of a SIP message, the only body a relay rewrites (multipart is left alone). */
public final class SdpBodies {

    private SdpBodies() {
    }

    /** The body when it is {@code application/sdp} and not empty, else null. */
    public static byte[] of(Message message) {
        ContentTypeHeader type = (ContentTypeHeader) message.getHeader(ContentTypeHeader.NAME);
        if (type == null || !"application".equalsIgnoreCase(type.getContentType()) || !"sdp".equalsIgnoreCase(type.getContentSubType())) {
            return null;
        }
        byte[] body = message.getRawContent();
        return body == null || body.length == 0 ? null : body;
    }

    /** Replaces the SDP body; Content-Length follows. */
    public static void replace(Message message, byte[] sdp) {
        try {
            message.setContent(sdp, (ContentTypeHeader) message.getHeader(ContentTypeHeader.NAME));
        } catch (ParseException e) {
            throw new IllegalStateException("cannot set the SDP body", e);
        }
    }
}
