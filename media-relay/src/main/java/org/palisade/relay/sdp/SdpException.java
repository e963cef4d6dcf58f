package org.palisade.relay.sdp;

/** An SDP body the relay cannot work with; the message names the line: {@code sdp: line 3: ...}. */
public final class SdpException extends IllegalArgumentException {

    public SdpException(String message) {
        super(message);
    }

    static SdpException at(int line, String what) {
        return new SdpException("sdp: line " + line + ": " + what);
    }
}
