package org.palisade.pbx.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palisade.core.trunk.Transport;
import org.palisade.core.trunk.Trunk;
import org.palisade.pbx.secret.SecretBox;
import org.palisade.pbx.sip.TrunkRegistrations.State;
import org.palisade.pbx.sip.TrunkRegistrations.Status;

/** Palisade registering a trunk at a PBX played by SIPp (pbx_registrar.xml), over loopback UDP. */
class TrunkRegistrationsTest {

    private static final String USER = "trunkuser";
    private static final String PASSWORD = "s3cret-Trunk-pw";
    private static final Duration LIMIT = Duration.ofSeconds(8);

    @TempDir
    Path work;

    private final SecretBox box = SecretBox.fromKey(SecretBox.generateKey());
    private final List<Trunk> trunks = new CopyOnWriteArrayList<>();
    private TestSip sip;
    private int pbxPort;
    private TrunkRegistrations registrations;
    private LogCapture logs;

    @BeforeEach
    void setUp() throws Exception {
        logs = new LogCapture();
        sip = TestSip.start();
        pbxPort = TestSip.freeUdpPort();
    }

    @AfterEach
    void tearDown() {
        if (registrations != null) {
            registrations.stop();
        }
        sip.close();
        logs.close();
    }

    @Test
    void registersWithDigestRefreshesAndUnregistersOnStop() throws Exception {
        try (Sipp pbx = pbx(PASSWORD, 2)) {
            trunks.add(trunk(PASSWORD));
            start(settings(Duration.ofSeconds(5)));

            Await.until(LIMIT, () -> registeredFor(Duration.ofSeconds(1), Duration.ofSeconds(3)), this::state);
            Status first = registrations.status("pbx").orElseThrow();
            assertThat(first.lastCode()).isEqualTo(200);
            assertThat(first.lastError()).isNull();
            // the 200 also lists another node's binding (expires=999): ours is picked by URI, so a refresh comes
            Await.until(LIMIT, () -> registeredFor(Duration.ofSeconds(3000), Duration.ofSeconds(3601)), this::state);

            registrations.stop();
            assertThat(registrations.status()).isEmpty();
            assertThat(pbx.await(LIMIT)).as("sipp verified every Authorization and saw Expires 0 last\n%s", pbx.report()).isZero();

            List<String> registers = pbx.received("REGISTER");
            assertThat(registers).hasSize(6);
            assertThat(registers.stream().map(m -> Sipp.header(m, "Call-ID")).distinct()).hasSize(1);
            assertThat(registers.stream().map(m -> cseq(m)).toList()).isSorted().doesNotHaveDuplicates();
            assertThat(registers.stream().map(m -> Sipp.header(m, "Expires")).toList())
                    .containsExactly("3600", "3600", "3600", "3600", "0", "0");
            assertThat(registers.stream().map(m -> Sipp.header(m, "Authorization") != null).toList())
                    .containsExactly(false, true, false, true, false, true);
            String authorized = registers.get(1);
            assertThat(Sipp.requestUri(authorized)).isEqualTo("sip:127.0.0.1:" + pbxPort);
            assertThat(Sipp.header(authorized, "From")).contains("<sip:" + USER + "@127.0.0.1>").contains(";tag=");
            assertThat(Sipp.header(authorized, "To")).contains("<sip:" + USER + "@127.0.0.1>");
            assertThat(Sipp.header(authorized, "Contact")).contains("<sip:" + USER + "@127.0.0.1:" + sip.port() + ">");
            assertThat(Sipp.header(authorized, "Authorization")).contains("uri=\"sip:127.0.0.1:" + pbxPort + "\"")
                    .contains("realm=\"pbx\"").contains("qop=auth").contains("nc=00000001").contains("algorithm=MD5");
            assertThat(String.join("\n", registers)).doesNotContain(PASSWORD);
            assertThat(logs.lines()).noneMatch(l -> l.contains(PASSWORD));
        }
    }

    @Test
    void followsTheTrunkListAddingAndRemovingWhileRunning() throws Exception {
        try (Sipp pbx = pbx(PASSWORD, 2)) {
            start(settings(Duration.ofSeconds(5)));
            Thread.sleep(200);
            assertThat(registrations.status()).isEmpty();

            trunks.add(trunk(PASSWORD));
            registrations.reload();
            Await.until(LIMIT, () -> registeredFor(Duration.ofSeconds(3000), Duration.ofSeconds(3601)), this::state);

            trunks.clear(); // removed (or disabled, or no longer registering): Expires 0 at once
            registrations.reload();
            assertThat(pbx.await(LIMIT)).as("sipp saw the unregistration\n%s", pbx.report()).isZero();
            Await.until(LIMIT, () -> registrations.status().isEmpty(), this::state);
        }
    }

    @Test
    void aNewPeerIsRegisteredOnlyAfterTheOldOneIsUnregistered() throws Exception {
        int otherPort = TestSip.freeUdpPort();
        try (Sipp oldPbx = pbx(PASSWORD, 2);
             Sipp newPbx = Sipp.uas("pbx_registrar", otherPort, 1, Map.of("user", USER, "password", PASSWORD, "grant", "2"), work)) {
            trunks.add(trunk(PASSWORD));
            start(settings(Duration.ofSeconds(5)));
            Await.until(LIMIT, () -> registeredFor(Duration.ofSeconds(3000), Duration.ofSeconds(3601)), this::state);

            Trunk moved = new Trunk("pbx", "127.0.0.1", otherPort, Transport.UDP, true, USER, trunks.get(0).encryptedPassword(), 0, 100,
                    true);
            trunks.set(0, moved);
            registrations.reload();
            assertThat(oldPbx.await(LIMIT)).as("the old peer saw Expires 0\n%s", oldPbx.report()).isZero();
            Await.until(LIMIT, () -> registeredFor(Duration.ofSeconds(3000), Duration.ofSeconds(3601))
                    && registrations.status("pbx").orElseThrow().peer().endsWith(":" + otherPort), this::state);
            registrations.stop();
            assertThat(newPbx.await(LIMIT)).as("the new peer: register, refresh, unregister\n%s", newPbx.report()).isZero();

            List<String> before = oldPbx.received("REGISTER");
            List<String> after = newPbx.received("REGISTER");
            assertThat(Sipp.header(after.get(0), "Call-ID")).as("a new binding, a new Call-ID")
                    .isNotEqualTo(Sipp.header(before.get(0), "Call-ID"));
            assertThat(cseq(after.get(0))).isEqualTo(1);
            Instant oldUnregistered = oldPbx.trace().stream().filter(t -> !t.received()).reduce((a, b) -> b).orElseThrow().at();
            Instant newFirstHeard = newPbx.trace().stream().filter(Sipp.Traced::received).findFirst().orElseThrow().at();
            assertThat(newFirstHeard).as("the two bindings never overlap at the registrars").isAfterOrEqualTo(oldUnregistered);
        }
    }

    @Test
    void asksForTheRegistrarsMinimumAndAnswersLegacyDigest() throws Exception {
        try (Sipp pbx = Sipp.uas("pbx_min_expires", pbxPort, 1, Map.of("user", USER, "password", PASSWORD), work)) {
            trunks.add(trunk(PASSWORD));
            start(settings(Duration.ofSeconds(30)));
            Await.until(LIMIT, () -> registeredFor(Duration.ofSeconds(7000), Duration.ofSeconds(7201)), this::state);
            assertThat(pbx.await(LIMIT)).as("sipp verified the Authorization\n%s", pbx.report()).isZero();
            String authorization = Sipp.header(pbx.received("REGISTER").get(2), "Authorization");
            assertThat(authorization).contains("realm=\"legacy-pbx\"").doesNotContain("qop").doesNotContain("cnonce")
                    .doesNotContain("algorithm");
        }
    }

    @Test
    void aWrongPasswordIsRefusedAndRetriedLater() throws Exception {
        try (Sipp pbx = pbx(PASSWORD, 2)) {
            trunks.add(trunk("not-the-password"));
            start(settings(Duration.ofSeconds(30)));

            Await.until(LIMIT, () -> registrations.status("pbx").map(s -> s.state() == State.RETRYING).orElse(false), this::state);
            Status s = registrations.status("pbx").orElseThrow();
            assertThat(s.lastCode()).isEqualTo(403);
            assertThat(s.lastError()).isEqualTo("403 Wrong Credentials");
            assertThat(s.registeredUntil()).isNull();
            assertThat(s.nextAttempt()).isAfter(Instant.now().plusSeconds(20));
            assertThat(pbx.await(LIMIT)).as("verifyauth must refuse a wrong password").isNotZero();
            assertThat(logs.lines()).noneMatch(l -> l.contains("not-the-password"));
        }
    }

    @Test
    void aSilentPeerIsRetriedWithGrowingWaits() throws Exception {
        trunks.add(trunk(PASSWORD)); // nobody listens on pbxPort
        TrunkSettings quick = new TrunkSettings(Duration.ofSeconds(30), Duration.ofMillis(200), Duration.ofSeconds(30),
                Duration.ofMillis(100), Duration.ofMillis(400), 3600);
        List<Instant> retries = new CopyOnWriteArrayList<>();
        start(quick);
        Await.until(LIMIT, () -> {
            Status s = registrations.status("pbx").orElse(null);
            if (s != null && s.state() == State.RETRYING && (retries.isEmpty() || !retries.get(retries.size() - 1).equals(s.nextAttempt()))) {
                retries.add(s.nextAttempt());
            }
            return retries.size() >= 4;
        }, this::state);
        // each retry is planned 200 ms (the unanswered attempt) plus the wait after the one before: 100, 200, 400, 400 ms
        long first = Duration.between(retries.get(0), retries.get(1)).toMillis();
        long second = Duration.between(retries.get(1), retries.get(2)).toMillis();
        long third = Duration.between(retries.get(2), retries.get(3)).toMillis();
        assertThat(first).isBetween(380L, 550L);
        assertThat(second).isBetween(580L, 800L);
        assertThat(third).as("capped at retryMax").isBetween(580L, 800L);
        Status s = registrations.status("pbx").orElseThrow();
        assertThat(s.lastCode()).isZero();
        assertThat(s.lastError()).isEqualTo("no answer within 200 ms");
        assertThat(s.registeredUntil()).isNull();
    }

    @Test
    void aPasswordThatDoesNotOpenIsReportedWithoutTheSecret() throws Exception {
        try (Sipp pbx = pbx(PASSWORD, 2)) {
            SecretBox otherKey = SecretBox.fromKey(SecretBox.generateKey());
            trunks.add(new Trunk("pbx", "127.0.0.1", pbxPort, Transport.UDP, true, USER, otherKey.seal("trunk:pbx", PASSWORD.toCharArray()),
                    0, 100, true));
            start(settings(Duration.ofSeconds(30)));
            Await.until(LIMIT, () -> registrations.status("pbx").map(s -> s.state() == State.RETRYING).orElse(false), this::state);
            assertThat(registrations.status("pbx").orElseThrow().lastError())
                    .startsWith("cannot answer the challenge: cannot open the secret for trunk:pbx: wrong key");
            assertThat(pbx.received("REGISTER")).hasSize(1); // no credentials were guessed
        }
    }

    private Sipp pbx(String password, int grantSeconds) throws Exception {
        return Sipp.uas("pbx_registrar", pbxPort, 1, Map.of("user", USER, "password", password, "grant", Integer.toString(grantSeconds)),
                work);
    }

    private Trunk trunk(String password) {
        return new Trunk("pbx", "127.0.0.1", pbxPort, Transport.UDP, true, USER, box.seal("trunk:pbx", password.toCharArray()), 0, 100,
                true);
    }

    private static TrunkSettings settings(Duration retryMin) {
        return new TrunkSettings(Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(30), retryMin, retryMin.multipliedBy(4),
                3600);
    }

    private void start(TrunkSettings settings) {
        registrations = new TrunkRegistrations(sip.context(), () -> List.copyOf(trunks), TrunkPasswords.opener(box), settings,
                Clock.systemUTC());
        registrations.start();
    }

    private boolean registeredFor(Duration atLeast, Duration atMost) {
        return registrations.status("pbx").map(s -> s.state() == State.REGISTERED && s.registeredUntil() != null
                && s.registeredUntil().isAfter(Instant.now().plus(atLeast).minusMillis(500))
                && s.registeredUntil().isBefore(Instant.now().plus(atMost))).orElse(false);
    }

    private String state() {
        return registrations.status().toString();
    }

    private static long cseq(String message) {
        return Long.parseLong(Sipp.header(message, "CSeq").split(" ")[0]);
    }
}
