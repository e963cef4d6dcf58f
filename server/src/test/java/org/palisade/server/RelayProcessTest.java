package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palisade.relay.client.NgClient;
import org.palisade.relay.testing.RtpPhone;
import org.palisade.server.testing.CliRun;
import org.palisade.server.testing.Processes;
import org.palisade.server.testing.TestPhone;

/**
 * {@code palisade relay}: a relay node as its own process, with no database and no SIP,
 * driven over ng as a proxy (Palisade's or Kamailio's) would drive it.
 */
class RelayProcessTest {

    @Test
    void aRelayNodeRunsAloneAndRelaysWhatItIsToldTo(@TempDir Path dir) throws Exception {
        int ng = TestPhone.freeUdpPort();
        Process relay = Processes.palisade("relay", "--ng", "127.0.0.1:" + ng, "--ports", "33000-33099",
                "--data-dir", dir.resolve("never").toString());
        try (NgClient client = new NgClient(); RtpPhone alice = new RtpPhone(1); RtpPhone bob = new RtpPhone(2)) {
            String banner = Processes.awaitLine(relay, "Palisade relay");
            assertThat(banner).contains("ng on /127.0.0.1:" + ng).contains("media ports 33000-33099");
            InetSocketAddress control = new InetSocketAddress(InetAddress.getLoopbackAddress(), ng);
            client.ping(control);

            Map<String, Object> offer = client.request(control, Map.of("command", "offer", "call-id", "c1", "from-tag", "a",
                    "sdp", new String(alice.sdp(""), StandardCharsets.US_ASCII), "replace", List.of("origin", "session-connection")));
            Map<String, Object> answer = client.request(control, Map.of("command", "answer", "call-id", "c1", "from-tag", "a",
                    "to-tag", "b", "sdp", new String(bob.sdp(""), StandardCharsets.US_ASCII)));
            int towardsBob = RtpPhone.audioPort(((String) offer.get("sdp")).getBytes(StandardCharsets.US_ASCII));
            int towardsAlice = RtpPhone.audioPort(((String) answer.get("sdp")).getBytes(StandardCharsets.US_ASCII));
            assertThat(List.of(towardsBob, towardsAlice)).allSatisfy(p -> assertThat(p).isBetween(33000, 33099));

            alice.sendRtp(towardsAlice, 4, (byte) 1);
            assertThat(bob.receive(4, 3000)).hasSize(4);
            bob.sendRtp(towardsBob, 2, (byte) 2);
            assertThat(alice.receive(2, 3000)).hasSize(2);
            assertThat(client.request(control, Map.of("command", "delete", "call-id", "c1", "from-tag", "a")).get("result"))
                    .isEqualTo("ok");
            assertThat(dir.resolve("never")).as("no database is opened").doesNotExist();
        } finally {
            relay.destroy();
            assertThat(relay.waitFor(20, TimeUnit.SECONDS)).as("the relay stops on SIGTERM").isTrue();
        }
    }

    @Test
    void badRelaySettingsAreNamed() {
        CliRun ports = CliRun.raw(Map.of(), null, "relay", "--ng", "127.0.0.1:0", "--ports", "40000");
        assertThat(ports.exitCode()).isEqualTo(2);
        assertThat(ports.err()).contains("error: ports:");
        CliRun ng = CliRun.raw(Map.of(), null, "relay", "--ng", "relay.example.com:2223", "--ports", "40000-40099");
        assertThat(ng.exitCode()).isEqualTo(2);
        assertThat(ng.err()).contains("error: ng:");
    }
}
