package org.palisade.relay.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * One call: its two parties (A made the first offer) and, per m-line, the two sides of the relay
 * that carry it. Owned by one I/O thread, so a packet never crosses threads.
 *
 * <p>Who may touch what: tags, the mux notes and the signalling time are changed by signalling
 * threads holding the session's monitor; the endpoint arrays are replaced, never changed in place,
 * and only by the owning I/O thread, so signalling can read them at any time; everything inside
 * the endpoints belongs to the I/O thread.
 */
final class CallSession {

    enum Side { A, B }

    /** What an offer said about RTCP multiplexing, kept for its answer. */
    record MuxNote(boolean offered, RtcpMux.Flags flags) {
    }

    static final MediaEndpoint[] NONE = new MediaEndpoint[0];

    final String callId;
    final IoLoop loop;
    final long created;
    final MediaInterface ifaceA;
    final MediaInterface ifaceB;

    volatile String tagA;
    volatile String tagB;
    volatile long lastSignal;
    volatile MediaEndpoint[] sideA = NONE;
    volatile MediaEndpoint[] sideB = NONE;
    /** Set by the I/O thread when the call is torn down; signalling then treats the call as gone. */
    volatile boolean closed;

    // guarded by this
    List<MuxNote> muxNotes = new ArrayList<>();

    // owned by the I/O thread
    boolean adopted;

    CallSession(String callId, IoLoop loop, MediaInterface ifaceA, MediaInterface ifaceB) {
        this.callId = callId;
        this.loop = loop;
        this.created = System.currentTimeMillis();
        this.lastSignal = created;
        this.ifaceA = ifaceA;
        this.ifaceB = ifaceB;
    }

    MediaInterface iface(Side s) {
        return s == Side.A ? ifaceA : ifaceB;
    }

    MediaEndpoint[] side(Side s) {
        return s == Side.A ? sideA : sideB;
    }

    void setSide(Side s, MediaEndpoint[] media) {
        if (s == Side.A) {
            sideA = media;
        } else {
            sideB = media;
        }
    }

    String tag(Side s) {
        return s == Side.A ? tagA : tagB;
    }

    void setTag(Side s, String tag) {
        if (s == Side.A) {
            tagA = tag;
        } else {
            tagB = tag;
        }
    }

    static Side other(Side s) {
        return s == Side.A ? Side.B : Side.A;
    }

    /** I/O thread only. */
    long lastPacket() {
        return Math.max(created, Math.max(lastPacket(sideA), lastPacket(sideB)));
    }

    private static long lastPacket(MediaEndpoint[] side) {
        long last = 0;
        for (MediaEndpoint e : side) {
            if (e != null) {
                last = Math.max(last, e.lastPacket());
            }
        }
        return last;
    }

    /** I/O thread only. */
    CallSnapshot snapshot() {
        String a = tagA;
        String b = tagB;
        List<CallSnapshot.Leg> legs = List.of(
                new CallSnapshot.Leg(a, created, b, media(sideA)),
                new CallSnapshot.Leg(b, created, a, media(sideB)));
        return new CallSnapshot(callId, created, lastSignal, lastPacket(), legs);
    }

    private static List<CallSnapshot.Media> media(MediaEndpoint[] side) {
        List<CallSnapshot.Media> out = new ArrayList<>();
        for (int i = 0; i < side.length; i++) {
            if (side[i] != null) {
                out.add(side[i].snapshot(i));
            }
        }
        return out;
    }

    /** I/O thread only: closes every socket and returns every port. Idempotent. */
    void close(PortPool pool) {
        if (closed) {
            return;
        }
        closed = true;
        for (MediaEndpoint[] side : new MediaEndpoint[][] {sideA, sideB}) {
            for (MediaEndpoint e : side) {
                if (e != null) {
                    e.close(pool);
                }
            }
        }
    }
}
