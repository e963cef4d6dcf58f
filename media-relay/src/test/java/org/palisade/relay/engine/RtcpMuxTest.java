package org.palisade.relay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.palisade.relay.engine.RtcpMux.Flags;

/** rtpengine's rtcp-mux flags, as a table. */
class RtcpMuxTest {

    private static final Flags NONE = Flags.NONE;
    private static final Flags OFFER = new Flags(true, false, false, false, false);
    private static final Flags REQUIRE = new Flags(false, true, false, false, false);
    private static final Flags DEMUX = new Flags(false, false, true, false, false);
    private static final Flags ACCEPT = new Flags(false, false, false, true, false);
    private static final Flags REJECT = new Flags(false, false, false, false, true);

    @Test
    void whatTheAnswererIsOffered() {
        assertThat(RtcpMux.offeredToAnswerer(true, NONE)).isTrue();
        assertThat(RtcpMux.offeredToAnswerer(false, NONE)).isFalse();
        assertThat(RtcpMux.offeredToAnswerer(false, OFFER)).isTrue();
        assertThat(RtcpMux.offeredToAnswerer(false, REQUIRE)).isTrue();
        assertThat(RtcpMux.offeredToAnswerer(true, DEMUX)).isFalse();
        assertThat(RtcpMux.offeredToAnswerer(true, REJECT)).isFalse();
        assertThat(RtcpMux.offeredToAnswerer(true, ACCEPT)).isTrue();
    }

    @Test
    void whoMultiplexesAfterTheAnswer() {
        assertThat(RtcpMux.offererMuxes(true, true, NONE)).isTrue();
        assertThat(RtcpMux.offererMuxes(true, false, NONE)).as("the answerer declined").isFalse();
        assertThat(RtcpMux.offererMuxes(true, false, DEMUX)).isTrue();
        assertThat(RtcpMux.offererMuxes(true, false, ACCEPT)).isTrue();
        assertThat(RtcpMux.offererMuxes(true, true, REJECT)).isFalse();
        assertThat(RtcpMux.offererMuxes(false, true, OFFER)).as("never forced on an offerer that did not ask").isFalse();
        assertThat(RtcpMux.answererMuxes(false, REQUIRE)).isTrue();
        assertThat(RtcpMux.answererMuxes(true, NONE)).isTrue();
        assertThat(RtcpMux.answererMuxes(false, OFFER)).isFalse();
    }
}
