package org.palisade.sip.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.palisade.core.call.CallObserver;
import org.palisade.core.call.CallStarted;
import org.palisade.core.call.Direction;
import org.palisade.core.call.Disposition;
import org.palisade.core.call.Party;
import org.palisade.core.media.MediaAnchor;
import org.palisade.core.media.MediaLegs;
import org.palisade.core.media.MediaStats;
import org.palisade.core.media.RelayUnavailableException;
import org.junit.jupiter.api.Test;

/** The offer/answer bookkeeping of anchored calls, against a relay that records what it is asked. */
class MediaSessionsTest {

    /** Answers each request with a body naming it, so a test can see which one produced what. */
    private static final class RecordingRelay implements MediaAnchor {
        final List<String> asked = new ArrayList<>();
        boolean down;

        @Override
        public byte[] offer(MediaLegs legs, byte[] sdp) {
            return record("offer " + legs.fromTag() + "->" + legs.toTag() + " " + text(sdp));
        }

        @Override
        public byte[] answer(MediaLegs legs, byte[] sdp) {
            return record("answer " + legs.fromTag() + "<-" + legs.toTag() + " " + text(sdp));
        }

        @Override
        public Optional<MediaStats> delete(String callId) {
            asked.add("delete " + callId);
            return Optional.of(new MediaStats(10, 1720, 9, 1548, 0));
        }

        @Override
        public Optional<MediaStats> query(String callId) {
            return Optional.empty();
        }

        private byte[] record(String what) {
            if (down) {
                throw new RelayUnavailableException("relay down");
            }
            asked.add(what);
            return what.getBytes(StandardCharsets.UTF_8);
        }
    }

    private final RecordingRelay relay = new RecordingRelay();
    private final MediaSessions sessions = new MediaSessions(relay, Runnable::run);

    @Test
    void inviteOfferAndItsAnswerGoToTheRelay() {
        assertThat(text(sessions.start("c1", "A", bytes("sdpA")))).isEqualTo("offer A->null sdpA");
        assertThat(text(sessions.exchange("c1", "B", "A", bytes("sdpB"), true))).isEqualTo("answer A<-B sdpB");
        assertThat(relay.asked).containsExactly("offer A->null sdpA", "answer A<-B sdpB");
    }

    @Test
    void earlyMediaAndTheSame200AreOneAnswerAndA200WithNewSdpIsAnother() {
        sessions.start("c1", "A", bytes("sdpA"));
        byte[] early = sessions.exchange("c1", "B", "A", bytes("sdpB"), false);
        byte[] ok = sessions.exchange("c1", "B", "A", bytes("sdpB"), true);
        assertThat(ok).isEqualTo(early);
        assertThat(relay.asked).containsExactly("offer A->null sdpA", "answer A<-B sdpB");

        sessions.start("c2", "A", bytes("sdpA"));
        sessions.exchange("c2", "B", "A", bytes("early"), false);
        sessions.exchange("c2", "B", "A", bytes("final"), true);
        assertThat(relay.asked).endsWith("answer A<-B early", "answer A<-B final");
    }

    @Test
    void aLateOfferComesInThe200AndItsAnswerInTheAck() {
        assertThat(sessions.start("c1", "A", null)).isNull();
        assertThat(text(sessions.exchange("c1", "B", "A", bytes("offerB"), true))).isEqualTo("offer B->A offerB");
        assertThat(text(sessions.exchange("c1", "A", "B", bytes("answerA"), true))).isEqualTo("answer B<-A answerA");
    }

    @Test
    void aReInviteFromTheCalleeIsANewOffer() {
        sessions.start("c1", "A", bytes("sdpA"));
        sessions.exchange("c1", "B", "A", bytes("sdpB"), true);
        assertThat(text(sessions.exchange("c1", "B", "A", bytes("hold"), true))).isEqualTo("offer B->A hold");
        assertThat(text(sessions.exchange("c1", "A", "B", bytes("ok"), true))).isEqualTo("answer B<-A ok");
    }

    @Test
    void aCallNotAnchoredPassesUnchanged() {
        byte[] body = bytes("sdp");
        assertThat(sessions.exchange("unknown", "B", "A", body, true)).isSameAs(body);
        assertThat(relay.asked).isEmpty();
    }

    @Test
    void noRelayMeansTheCallIsNotAnchored() {
        relay.down = true;
        assertThatThrownBy(() -> sessions.start("c1", "A", bytes("sdpA"))).isInstanceOf(RelayUnavailableException.class);
        assertThat(sessions.anchored("c1")).isFalse();
    }

    @Test
    void theEndOfACallReleasesTheRelayAndItsCountersComeFirst() {
        List<String> events = new ArrayList<>();
        CallObserver cdr = new CallObserver() {
            @Override
            public void started(CallStarted call) {
                events.add("started");
            }

            @Override
            public void relayed(String callId, MediaStats stats) {
                events.add("relayed " + stats.packetsFromCaller() + "/" + stats.packetsFromCallee());
            }

            @Override
            public void answered(String callId, long atMillis) {
                events.add("answered");
            }

            @Override
            public void ended(String callId, long atMillis, Party hungUpBy, String reason) {
                events.add("ended " + reason);
            }

            @Override
            public void failed(String callId, long atMillis, int sipCode, Disposition disposition) {
                events.add("failed " + sipCode);
            }
        };
        CallObserver observed = sessions.observing(cdr);
        observed.started(new CallStarted("c1", "1", "2", Direction.INTERNAL, 0, "x"));
        sessions.start("c1", "A", bytes("sdpA"));
        observed.answered("c1", 1);
        observed.ended("c1", 2, Party.CALLER, "BYE");
        observed.failed("c2", 3, 486, Disposition.BUSY); // never anchored: nothing to release

        assertThat(events).containsExactly("started", "answered", "relayed 10/9", "ended BYE", "failed 486");
        assertThat(relay.asked).containsExactly("offer A->null sdpA", "delete c1");
        assertThat(sessions.anchored("c1")).isFalse();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
