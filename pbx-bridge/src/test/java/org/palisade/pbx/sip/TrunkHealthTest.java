package org.palisade.pbx.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditLog;
import org.palisade.core.audit.AuditQuery;
import org.palisade.core.audit.AuditType;
import org.palisade.core.trunk.Transport;
import org.palisade.core.trunk.Trunk;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.pbx.sip.TrunkHealth.State;

/** OPTIONS health checks against a peer played by SIPp (options_responder.xml), audited into H2. */
class TrunkHealthTest {

    private static final Duration LIMIT = Duration.ofSeconds(8);
    // checks every 300 ms, each given 250 ms: two misses in a row take about 0.6 to 1.1 s
    private static final TrunkSettings QUICK = new TrunkSettings(Duration.ofMillis(300), Duration.ofMillis(250), Duration.ofSeconds(30),
            Duration.ofSeconds(5), Duration.ofMinutes(5), 3600);

    @TempDir
    Path work;

    private final List<Trunk> trunks = new CopyOnWriteArrayList<>();
    private TestDatabase db;
    private TestSip sip;
    private int peerPort;
    private TrunkHealth health;

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabase.create(TestDb.H2);
        sip = TestSip.start();
        peerPort = TestSip.freeUdpPort();
    }

    @AfterEach
    void tearDown() {
        if (health != null) {
            health.stop();
        }
        sip.close();
        db.close();
    }

    @Test
    void aPeerThatStopsAnsweringGoesDownAndComesBackUpAudited() throws Exception {
        trunks.add(trunk("pbx", true));
        Sipp peer = responder(peerPort, "200 OK");
        try {
            start();
            assertThat(health.up("pbx")).as("up until proven down").isTrue();
            Await.until(LIMIT, () -> state("pbx") == State.UP, this::describe);
            assertThat(audit()).as("confirming the presumption is no change").isEmpty();

            peer.kill();
            Await.until(LIMIT, () -> state("pbx") == State.DOWN, this::describe);
            assertThat(health.up("pbx")).isFalse();
            assertThat(health.status("pbx").orElseThrow().lastError()).isEqualTo("no answer within 250 ms");
            assertThat(health.status("pbx").orElseThrow().misses()).isEqualTo(2);

            peer = responder(peerPort, "200 OK");
            Await.until(LIMIT, () -> state("pbx") == State.UP, this::describe);
            assertThat(health.up("PBX")).isTrue();

            List<AuditEntry> entries = audit();
            assertThat(entries).extracting(AuditEntry::type).containsExactly(AuditType.TRUNK_DOWN, AuditType.TRUNK_UP);
            assertThat(entries).allSatisfy(e -> {
                assertThat(e.subject()).isEqualTo("trunk:pbx");
                assertThat(e.actor()).isEqualTo("system");
                assertThat(e.details()).contains("\"peer\":\"127.0.0.1:" + peerPort + "\"").contains("\"node\":\"127.0.0.1\"");
            });
            assertThat(entries.get(0).details()).contains("no answer within 250 ms");
            assertThat(entries.get(1).details()).contains("\"code\":200");
            assertThat(db.database().inTransaction(tx -> tx.audit().verify()).intact()).isTrue();

            String options = peer.received("OPTIONS").get(0);
            assertThat(Sipp.requestUri(options)).isEqualTo("sip:127.0.0.1:" + peerPort);
            assertThat(Sipp.header(options, "To")).isEqualTo("<sip:127.0.0.1:" + peerPort + ">");
            assertThat(Sipp.header(options, "From")).startsWith("<sip:palisade@palisade.test>;tag=");
            assertThat(Sipp.header(options, "Max-Forwards")).isEqualTo("70");
        } finally {
            peer.close();
        }
    }

    @Test
    void anyAnswerButServiceUnavailableProvesThePeerAlive() throws Exception {
        int otherPort = TestSip.freeUdpPort();
        trunks.add(trunk("answers404", true));
        trunks.add(new Trunk("overloaded", "127.0.0.1", otherPort, Transport.UDP, false, null, null, 0, 100, true));
        try (Sipp notFound = responder(peerPort, "404 Not Found");
             Sipp unavailable = responder(otherPort, "503 Overloaded")) {
            start();
            Await.until(LIMIT, () -> state("answers404") == State.UP && state("overloaded") == State.DOWN, this::describe);
            assertThat(health.status("overloaded").orElseThrow().lastCode()).isEqualTo(503);
            assertThat(health.status("answers404").orElseThrow().lastCode()).isEqualTo(404);
            assertThat(audit()).extracting(AuditEntry::type, AuditEntry::subject)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(AuditType.TRUNK_DOWN, "trunk:overloaded"));
        }
    }

    @Test
    void checksOnlyEnabledTrunksAndFollowsTheList() throws Exception {
        trunks.add(trunk("pbx", true));
        trunks.add(trunk("off", false));
        try (Sipp peer = responder(peerPort, "200 OK")) {
            start();
            Await.until(LIMIT, () -> state("pbx") == State.UP, this::describe);
            assertThat(health.status()).containsOnlyKeys("pbx");
            assertThat(health.up("off")).isTrue(); // disabled trunks are the dial plan's business

            trunks.removeIf(t -> t.name().equals("pbx"));
            Await.until(LIMIT, () -> health.status().isEmpty(), this::describe);
            assertThat(health.up("pbx")).as("unknown again, so not proven down").isTrue();
        }
    }

    private void start() {
        health = new TrunkHealth(sip.context(), () -> List.copyOf(trunks), new AuditLog(db.database(), Clock.systemUTC()), QUICK,
                Clock.systemUTC());
        health.start();
    }

    private Sipp responder(int port, String status) throws Exception {
        return Sipp.uas("options_responder", Map.of("STATUS", status), port, 100_000, Map.of(), work);
    }

    private Trunk trunk(String name, boolean enabled) {
        return new Trunk(name, "127.0.0.1", peerPort, Transport.UDP, false, null, null, 0, 100, enabled);
    }

    private State state(String trunk) {
        return health.status(trunk).map(TrunkHealth.Status::state).orElse(null);
    }

    private List<AuditEntry> audit() {
        return db.database().inTransaction(tx -> tx.audit().list(new AuditQuery(null, null, null, 100))).stream()
                .filter(e -> e.type() == AuditType.TRUNK_UP || e.type() == AuditType.TRUNK_DOWN)
                .sorted(Comparator.comparingLong(AuditEntry::seq)).toList();
    }

    private String describe() {
        return health.status().toString();
    }
}
