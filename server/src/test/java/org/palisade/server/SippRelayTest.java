package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palisade.core.call.CallStarted;
import org.palisade.core.media.MediaStats;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.server.testing.Sipp;
import org.palisade.server.testing.TestPhone;
import org.palisade.server.testing.TestServer;
import org.palisade.sip.proxy.ProxySettings;

/**
 * A SIPp caller plays 7 s of G.711 (236 RTP packets) into a call with a SIPp callee that
 * echoes every packet back: all of it passes Palisade's embedded relay, and the call's
 * counters say so.
 */
class SippRelayTest {

    private static final long PCAP_PACKETS = 236;
    /** The pcap's packets are 294 bytes on the wire: Ethernet, IPv4 and UDP headers, then 252 bytes of RTP. */
    private static final long PCAP_RTP_BYTES = 252;

    @Test
    void sippMediaIsRelayedAndCounted(@TempDir Path dir) throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDb.H2);
             TestServer server = new TestServer(db, TestServer.md5First(), ProxySettings.defaults(),
                     TestServer.embeddedRelay("32000-32199"))) {
            server.addExtension("5101", "secret-5101-ok");
            server.addExtension("5102", "secret-5102-ok");

            int calleePort = TestPhone.freeUdpPort();
            Path callee = Sipp.users(dir, "callee.csv", List.of("5102"), n -> "secret-5102-ok", 600);
            Sipp.Result registered = Sipp.start("register", callee, 1, 10, server.port(), dir, "u1", calleePort).await();
            assertThat(registered.exitCode()).as(registered.output() + registered.errors()).isZero();

            Sipp.Running uas = Sipp.start("call_uas", callee, 1, 1, server.port(), dir, "u1", calleePort,
                    "-rtp_echo", "-mp", Integer.toString(TestPhone.freeUdpPort()));
            Path calls = dir.resolve("calls.csv");
            Files.writeString(calls, "SEQUENTIAL\n5101;secret-5101-ok;[authentication username=5101 password=secret-5101-ok];5102\n");
            Sipp.Result uac = Sipp.start("call_uac_rtp", calls, 1, 1, server.port(), dir, "u1", TestPhone.freeUdpPort(),
                    "-mp", Integer.toString(TestPhone.freeUdpPort())).await();
            assertThat(uac.exitCode()).as(uac.output() + uac.errors()).isZero();
            Sipp.Result answered = uas.await();
            assertThat(answered.exitCode()).as(answered.output() + answered.errors()).isZero();

            CallStarted call = server.calls().started().get(0);
            assertThat(server.calls().await(call.callId(), 4)).contains("ended CALLER BYE");
            MediaStats stats = server.calls().relayed(call.callId());
            assertThat(stats).as("counters of the relayed call").isNotNull();
            assertThat(stats.packetsFromCaller()).isEqualTo(PCAP_PACKETS);
            assertThat(stats.bytesFromCaller()).isEqualTo(PCAP_PACKETS * PCAP_RTP_BYTES);
            assertThat(stats.packetsFromCallee()).as("the echo").isEqualTo(PCAP_PACKETS);
        }
    }
}
