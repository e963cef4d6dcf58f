package org.palisade.relay.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.palisade.relay.engine.CallSession.MuxNote;
import org.palisade.relay.engine.CallSession.Side;

/**
 * Offer and answer: which party signalled, which m-lines need new port pairs, and what the SDP
 * going out must say. Sockets are bound here, on the signalling thread; only the switch-over
 * (registering them, linking the two sides, new addresses, latching re-armed) runs on the call's
 * I/O thread, in one task, so the packet path never sees a half-updated call.
 */
final class Signalling {

    static final int MAX_MEDIA = 32;

    private final PortPool pool;

    Signalling(PortPool pool) {
        this.pool = pool;
    }

    /** The caller holds the session's monitor. */
    Allocation offer(CallSession s, OfferRequest r) {
        Side offerer = offererSide(s, r);
        Side answerer = CallSession.other(offerer);
        List<LegMedia> media = r.media();
        checkCount(media.size());
        MediaEndpoint[] mine = s.side(offerer);
        MediaEndpoint[][] fresh = new MediaEndpoint[media.size()][];
        try {
            for (int i = 0; i < media.size(); i++) {
                if (!media.get(i).disabled() && (i >= mine.length || mine[i] == null)) {
                    fresh[i] = new MediaEndpoint[2];
                    fresh[i][0] = MediaEndpoint.bind(s.iface(offerer), pool);
                    fresh[i][1] = MediaEndpoint.bind(s.iface(answerer), pool);
                }
            }
        } catch (RuntimeException e) {
            closeUnregistered(fresh);
            throw e;
        }
        List<MuxNote> notes = new ArrayList<>();
        for (LegMedia m : media) {
            notes.add(new MuxNote(m.rtcpMux(), r.mux()));
        }
        Allocation out = s.loop.call(() -> applyOffer(s, offerer, media, fresh, notes));
        s.muxNotes = notes;
        s.lastSignal = System.currentTimeMillis();
        return out;
    }

    /** The caller holds the session's monitor. */
    Allocation answer(CallSession s, AnswerRequest r) {
        Side offerer;
        if (r.fromTag().equals(s.tagA)) {
            offerer = Side.A;
        } else if (r.fromTag().equals(s.tagB)) {
            offerer = Side.B;
        } else {
            throw new RelayException("from-tag '" + r.fromTag() + "' has made no offer in call '" + s.callId + "'");
        }
        Side answerer = CallSession.other(offerer);
        // another fork may answer than the one that rang first: the last answer names the party
        s.setTag(answerer, r.toTag());
        List<MuxNote> notes = s.muxNotes;
        if (r.media().size() > notes.size()) {
            throw new RelayException("sdp: the answer has " + r.media().size() + " m-lines, the offer had " + notes.size());
        }
        Allocation out = s.loop.call(() -> applyAnswer(s, offerer, r.media(), notes));
        s.lastSignal = System.currentTimeMillis();
        return out;
    }

    private static Side offererSide(CallSession s, OfferRequest r) {
        String from = r.fromTag();
        if (s.tagA == null) {
            s.tagA = from;
            s.tagB = r.toTag();
            return Side.A;
        }
        if (from.equals(s.tagA)) {
            if (s.tagB == null && r.toTag() != null) {
                s.tagB = r.toTag();
            }
            return Side.A;
        }
        if (from.equals(s.tagB) || (s.tagB == null && s.tagA.equals(r.toTag()))) {
            s.tagB = from;
            return Side.B;
        }
        throw new RelayException("from-tag '" + from + "' is neither party of call '" + s.callId + "'");
    }

    private static void checkCount(int n) {
        if (n > MAX_MEDIA) {
            throw new RelayException("sdp: " + n + " m-lines, at most " + MAX_MEDIA + " are relayed");
        }
    }

    /** I/O thread. */
    private Allocation applyOffer(CallSession s, Side offerer, List<LegMedia> media, MediaEndpoint[][] fresh,
                                  List<MuxNote> notes) throws Exception {
        if (s.closed) {
            closeUnregistered(fresh);
            throw new RelayException("Unknown call-id");
        }
        try {
            for (MediaEndpoint[] pair : fresh) {
                if (pair != null) {
                    pair[0].register(s.loop.selector());
                    pair[1].register(s.loop.selector());
                }
            }
        } catch (Exception e) {
            closeUnregistered(fresh);
            throw e;
        }
        s.loop.adopt(s);
        Side answerer = CallSession.other(offerer);
        int n = media.size();
        int slots = Math.max(n, Math.max(s.sideA.length, s.sideB.length));
        MediaEndpoint[] mine = Arrays.copyOf(s.side(offerer), slots);
        MediaEndpoint[] theirs = Arrays.copyOf(s.side(answerer), slots);
        List<Allocation.Port> ports = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            LegMedia m = i < n ? media.get(i) : null;
            if (m == null || m.disabled()) {
                release(mine, theirs, i);
                if (m != null) {
                    ports.add(Allocation.Port.DISABLED);
                }
                continue;
            }
            if (fresh[i] != null) {
                release(mine, theirs, i);
                mine[i] = fresh[i][0];
                theirs[i] = fresh[i][1];
                MediaEndpoint.link(mine[i], theirs[i]);
            }
            mine[i].update(m);
            theirs[i].describeLike(m);
            RtcpMux.Flags flags = notes.get(i).flags();
            if (flags.require()) {
                theirs[i].rtcpMux = true;
            }
            ports.add(theirs[i].allocation(RtcpMux.offeredToAnswerer(m.rtcpMux(), flags)));
        }
        s.setSide(offerer, mine);
        s.setSide(answerer, theirs);
        return new Allocation(s.iface(answerer).advertised(), ports);
    }

    /** I/O thread. */
    private Allocation applyAnswer(CallSession s, Side offerer, List<LegMedia> media, List<MuxNote> notes) {
        if (s.closed) {
            throw new RelayException("Unknown call-id");
        }
        Side answerer = CallSession.other(offerer);
        int slots = Math.max(s.sideA.length, s.sideB.length);
        MediaEndpoint[] mine = Arrays.copyOf(s.side(offerer), slots);
        MediaEndpoint[] theirs = Arrays.copyOf(s.side(answerer), slots);
        List<Allocation.Port> ports = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            LegMedia m = i < media.size() ? media.get(i) : null;
            if (m == null || m.disabled() || mine[i] == null || theirs[i] == null) {
                release(mine, theirs, i);
                if (m != null) {
                    ports.add(Allocation.Port.DISABLED);
                }
                continue;
            }
            MuxNote note = i < notes.size() ? notes.get(i) : new MuxNote(false, RtcpMux.Flags.NONE);
            boolean answererMux = RtcpMux.answererMuxes(m.rtcpMux(), note.flags());
            boolean offererMux = RtcpMux.offererMuxes(note.offered(), answererMux, note.flags());
            theirs[i].update(m);
            theirs[i].rtcpMux = answererMux;
            mine[i].rtcpMux = offererMux;
            ports.add(mine[i].allocation(offererMux));
        }
        s.setSide(offerer, mine);
        s.setSide(answerer, theirs);
        return new Allocation(s.iface(offerer).advertised(), ports);
    }

    private void release(MediaEndpoint[] mine, MediaEndpoint[] theirs, int i) {
        if (mine[i] != null) {
            mine[i].close(pool);
            mine[i] = null;
        }
        if (theirs[i] != null) {
            theirs[i].close(pool);
            theirs[i] = null;
        }
    }

    private void closeUnregistered(MediaEndpoint[][] fresh) {
        for (MediaEndpoint[] pair : fresh) {
            if (pair != null) {
                for (MediaEndpoint e : pair) {
                    if (e != null) {
                        e.close(pool);
                    }
                }
            }
        }
    }

}
