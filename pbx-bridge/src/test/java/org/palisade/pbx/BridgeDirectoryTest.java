package org.palisade.pbx;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.palisade.core.admin.Administration;
import org.palisade.core.admin.TrunkAdministration;
import org.palisade.core.trunk.NewRoute;
import org.palisade.core.trunk.NewTrunk;
import org.palisade.core.trunk.PbxBridge;
import org.palisade.core.trunk.Route;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.pbx.dialplan.NumberNormalizer;
import org.palisade.pbx.secret.SecretBox;

/** The proxy's questions about trunks, answered from a real (H2) database. */
class BridgeDirectoryTest {

    private final SecretBox box = SecretBox.fromKey(SecretBox.generateKey());
    private final NumberNormalizer de = new NumberNormalizer("DE");
    private final java.util.Set<String> down = new java.util.HashSet<>();
    private TestDatabase db;
    private TrunkAdministration admin;

    @BeforeEach
    void setUp() {
        db = TestDatabase.create(TestDb.H2);
        admin = new TrunkAdministration(db.database(), box, de, Clock.systemUTC());
        new Administration(db.database(), "palisade.local", Clock.systemUTC()).addExtension("test", "5001", "A", null, null,
                "a long enough password".toCharArray());
        admin.addTrunk("test", new NewTrunk("a", "10.0.0.1:5070", null, false, null, null, 1, null));
        admin.addTrunk("test", new NewTrunk("b", "10.0.0.2", null, false, "palisade", "pw".toCharArray(), null, null));
        admin.addRoute("test", new NewRoute("de", Route.Kind.PREFIX, "+49", 0, null, List.of("a", "b"), null));
        admin.addDid("test", "+4930555100", "5001");
        admin.addDid("test", "+4930555099", "5001");
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private BridgeDirectory bridge(Optional<String> operator) {
        return new BridgeDirectory(db.database(), de, operator, t -> !down.contains(t), t -> box.open("trunk:" + t.name(),
                t.encryptedPassword()), Duration.ofSeconds(5), Clock.systemUTC());
    }

    /** A bridge whose peer names resolve as {@code dns} says, looked up at once on the calling thread. */
    private BridgeDirectory bridge(Map<String, String> dns) {
        PeerAddresses.Resolver resolver = host -> {
            String address = dns.get(host);
            if (address == null) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {InetAddress.getByName(address)};
        };
        return new BridgeDirectory(db.database(), de, Optional.empty(), t -> true, t -> new char[0], Duration.ofSeconds(5),
                Clock.systemUTC(), new PeerAddresses(resolver, Duration.ofSeconds(60), Runnable::run, Clock.systemUTC()));
    }

    @Test
    void aPeerIsKnownByItsAddressAndByItsPortWhenItHasOne() {
        BridgeDirectory bridge = bridge(Optional.empty());
        assertThat(bridge.trunkAt("10.0.0.1", 5070)).map(PbxBridge.TrunkPeer::trunk).contains("a");
        assertThat(bridge.trunkAt("10.0.0.1", 5060)).isEmpty();
        assertThat(bridge.trunkAt("10.0.0.2", 40000)).map(PbxBridge.TrunkPeer::username).contains("palisade");
        assertThat(bridge.trunkAt("10.0.0.3", 5060)).isEmpty();
    }

    @Test
    void aPeerGivenAsAHostNameIsKnownByTheAddressesItResolvesTo() {
        admin.addTrunk("test", new NewTrunk("c", "pbx.example.local:5070", null, false, null, null, null, null));
        admin.addTrunk("test", new NewTrunk("d", "pbx2.example.local", null, false, null, null, null, null));
        admin.addTrunk("test", new NewTrunk("e", "gone.example.local:5060", null, false, null, null, null, null));
        BridgeDirectory bridge = bridge(Map.of("pbx.example.local", "10.1.2.3", "pbx2.example.local", "10.1.2.4"));
        bridge.refresh();

        assertThat(bridge.trunkAt("10.1.2.3", 5070)).map(PbxBridge.TrunkPeer::trunk).contains("c");
        assertThat(bridge.trunkAt("10.1.2.3", 5060)).isEmpty();
        assertThat(bridge.trunkAt("10.1.2.4", 40000)).map(PbxBridge.TrunkPeer::trunk).as("no port: any port").contains("d");
        assertThat(bridge.trunkAt("10.0.0.1", 5070)).map(PbxBridge.TrunkPeer::trunk).as("addresses as before").contains("a");
        assertThat(bridge.trunkAt("10.1.2.5", 5060)).as("the name that does not resolve matches nothing").isEmpty();
        assertThat(bridge.trunkAt("pbx.example.local", 5070)).as("the name is not an address").isEmpty();
    }

    @Test
    void trunksThatAreDownOrFullAreLeftOutOfThePlan() {
        BridgeDirectory bridge = bridge(Optional.empty());
        PbxBridge.Plan plan = bridge.plan("030 1234567");
        assertThat(plan.targets()).extracting(PbxBridge.Target::trunk).containsExactly("a", "b");
        assertThat(plan.targets().get(0)).isEqualTo(new PbxBridge.Target("a", "10.0.0.1", 5070, "UDP", "+49301234567"));
        assertThat(bridge.acquire("a")).isTrue();
        assertThat(bridge.acquire("a")).isFalse(); // max-calls 1
        down.add("b");
        assertThat(bridge.plan("0301234567").outcome()).isEqualTo(PbxBridge.Plan.Outcome.UNAVAILABLE);
        bridge.release("a");
        assertThat(bridge.plan("0301234567").targets()).extracting(PbxBridge.Target::trunk).containsExactly("a");
        assertThat(bridge.plan("+442079460000").outcome()).isEqualTo(PbxBridge.Plan.Outcome.NO_ROUTE);
    }

    @Test
    void didsInAnyFormReachTheirExtensionAndTheFirstIsItsCallerId() {
        assertThat(bridge(Optional.empty()).extensionForDid("030555100")).contains("5001");
        assertThat(bridge(Optional.empty()).extensionForDid("4930555100")).contains("5001");
        assertThat(bridge(Optional.empty()).extensionForDid("+4930555111")).isEmpty();
        assertThat(bridge(Optional.of("5009")).extensionForDid("+4930555111")).contains("5009");
        assertThat(bridge(Optional.empty()).callerId("5001")).isEqualTo("+4930555099");
        assertThat(bridge(Optional.empty()).callerId("5002")).isEqualTo("5002");
    }

    @Test
    void aChallengeIsAnsweredWithTheTrunksOwnCredentials() {
        BridgeDirectory bridge = bridge(Optional.empty());
        Optional<String> answer = bridge.credentials("b", List.of("Digest realm=\"pbx\", nonce=\"n1\", qop=\"auth\", algorithm=MD5"),
                "INVITE", "sip:+49301234567@10.0.0.2");
        assertThat(answer).hasValueSatisfying(v -> assertThat(v).startsWith("Digest username=\"palisade\", realm=\"pbx\""));
        assertThat(bridge.credentials("a", List.of("Digest realm=\"pbx\", nonce=\"n1\""), "INVITE", "sip:x@10.0.0.1")).isEmpty();
    }
}
