package org.palisade.relay.engine;

import java.nio.ByteBuffer;

/** The few header bits the relay reads; absolute reads, so the buffer's position never moves. */
final class Rtp {

    static final int HEADER = 12;

    private Rtp() {
    }

    /**
     * RFC 5761 section 4: on a multiplexed port, a second byte (marker bit aside) of 64 to 95 is an
     * RTCP packet type (SR 200 is 72 there), never an RTP payload type a sane offer uses.
     */
    static boolean isRtcp(ByteBuffer b) {
        if (b.limit() < 2) {
            return false;
        }
        int pt = b.get(1) & 0x7f;
        return pt >= 64 && pt <= 95;
    }

    /** Version 2 and a full fixed header: anything else (STUN, DTLS, garbage) has no sequence number. */
    static boolean isRtp(ByteBuffer b) {
        return b.limit() >= HEADER && (b.get(0) & 0xc0) == 0x80;
    }

    static int sequence(ByteBuffer b) {
        return b.getShort(2) & 0xffff;
    }

    static int ssrc(ByteBuffer b) {
        return b.getInt(8);
    }
}
