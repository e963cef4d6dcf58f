package org.palisade.pbx.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palisade.core.audit.AuditLog;
import org.palisade.core.trunk.Transport;
import org.palisade.core.trunk.Trunk;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.pbx.secret.SecretBox;

/** Both halves run together from one start and stop, on the SIP server they are given. */
class TrunkServicesTest {

    @TempDir
    Path work;

    @Test
    void startsBothHalvesAndStopsForGood() throws Exception {
        SecretBox box = SecretBox.fromKey(SecretBox.generateKey());
        try (TestDatabase db = TestDatabase.create(TestDb.H2); TestSip sip = TestSip.start()) {
            int peerPort = TestSip.freeUdpPort();
            int silentPort = TestSip.freeUdpPort();
            Trunk staticTrunk = new Trunk("static", "127.0.0.1", peerPort, Transport.UDP, false, null, null, 0, 100, true);
            Trunk registering = new Trunk("reg", "127.0.0.1", silentPort, Transport.UDP, true, "u",
                    box.seal("trunk:reg", "pw-12345".toCharArray()), 0, 100, true);
            TrunkSettings settings = new TrunkSettings(Duration.ofMillis(300), Duration.ofMillis(250), Duration.ofSeconds(30),
                    Duration.ofSeconds(10), Duration.ofSeconds(20), 3600);
            try (Sipp peer = Sipp.uas("options_responder", Map.of("STATUS", "200 OK"), peerPort, 100_000, Map.of(), work)) {
                TrunkServices services = new TrunkServices(sip.context(), () -> List.of(staticTrunk, registering),
                        TrunkPasswords.opener(box), settings, Clock.systemUTC(), new AuditLog(db.database(), Clock.systemUTC()));
                services.start();
                Await.until(Duration.ofSeconds(8), () -> services.health().status("static")
                        .map(s -> s.state() == TrunkHealth.State.UP).orElse(false)
                        && services.health().status("reg").map(s -> s.state() == TrunkHealth.State.DOWN).orElse(false)
                        && services.registrations().status("reg").map(s -> s.state() == TrunkRegistrations.State.RETRYING).orElse(false),
                        () -> services.health().status() + " " + services.registrations().status());
                assertThat(services.up("static")).isTrue();
                assertThat(services.up("reg")).isFalse();
                assertThat(services.registrations().status()).containsOnlyKeys("reg");

                services.stop();
                assertThat(services.registrations().status()).isEmpty();
                int seen = peer.received("OPTIONS").size();
                Thread.sleep(700);
                assertThat(peer.received("OPTIONS")).as("no checks after stop").hasSize(seen);
                assertThatThrownBy(services::start).isInstanceOf(IllegalStateException.class);
            }
        }
    }
}
