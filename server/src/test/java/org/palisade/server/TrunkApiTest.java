package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.palisade.server.ApiCalls.assertField;
import static org.palisade.server.ApiCalls.map;
import static org.palisade.server.ApiCalls.root;
import static org.palisade.server.ApiCalls.login;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import javax.sip.message.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.account.Role;
import org.palisade.core.admin.ExtensionChange;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.rights.ServiceRight;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.pbx.BridgeDirectory;
import org.palisade.pbx.dialplan.NumberNormalizer;
import org.palisade.pbx.secret.SecretBox;
import org.palisade.pbx.sip.TrunkSettings;
import org.palisade.server.testing.TestPhone;
import org.palisade.server.testing.TestServer;
import org.palisade.server.testing.TestUserAgent;
import org.palisade.sip.proxy.ProxySettings;
import org.palisade.web.testing.WebClient;

/**
 * {@code /api/trunks} and {@code /api/trunks/status} over HTTP against a real node: what an admin
 * can do, what is refused and how, what the audit log keeps, that a trunk password is never shown,
 * and the live state a trunk's peer (a test user agent on a loopback port) gives it.
 */
class TrunkApiTest {

    static final String SECRET = "Trunk-Secret-Pw-42";
    static final String NEW_SECRET = "Another-Trunk-Secret-77";

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void anAdminAddsReadsChangesAndRemovesTrunksAndThePasswordNeverShows(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             TestServer server = AdminWebTest.serverWithAccounts(db, TestServer.webSettings())) {
            SecretBox box = SecretBox.fromKey(SecretBox.generateKey());
            server.node().trunkPasswordSealer(box);
            WebClient root = root(server);
            List<WebClient.Reply> replies = new ArrayList<>();
            replies.add(root.get("/api/trunks").expect(200));
            assertThat(replies.get(0).json()).isEmpty();

            WebClient.Reply created = root.post("/api/trunks", map("name", "PBX", "peer", "pbx.example.com:5070", "transport", "TCP",
                    "register", true, "username", "palisade", "password", SECRET, "maxCalls", 10, "priority", 5)).expect(201);
            replies.add(created);
            JsonNode pbx = created.json();
            assertThat(pbx.toString()).isEqualTo("{\"name\":\"pbx\",\"peer\":\"pbx.example.com:5070\",\"transport\":\"tcp\","
                    + "\"register\":true,\"username\":\"palisade\",\"password\":\"set\",\"maxCalls\":10,\"priority\":5,\"enabled\":true}");
            assertThat(created.header("Location")).isEqualTo("/api/trunks/pbx");
            String sealed = db.queryString("SELECT password_sealed FROM trunk WHERE name = 'pbx'");
            assertThat(sealed).doesNotContain(SECRET);
            assertThat(new String(box.open("trunk:pbx", sealed))).as("sealed with the node's key").isEqualTo(SECRET);

            WebClient.Reply carrier = root.post("/api/trunks", map("name", "carrier", "peer", "[2001:db8::1]:5060")).expect(201);
            replies.add(carrier);
            assertThat(carrier.json().toString()).isEqualTo("{\"name\":\"carrier\",\"peer\":\"[2001:db8::1]:5060\",\"transport\":\"udp\","
                    + "\"register\":false,\"username\":null,\"password\":null,\"maxCalls\":0,\"priority\":100,\"enabled\":true}");

            WebClient.Reply list = root.get("/api/trunks").expect(200);
            replies.add(list);
            assertThat(list.json().findValuesAsText("name")).containsExactlyInAnyOrder("carrier", "pbx");
            WebClient.Reply one = root.get("/api/trunks/PBX").expect(200);
            replies.add(one);
            assertThat(one.json()).isEqualTo(pbx);

            WebClient.Reply changed = root.put("/api/trunks/pbx", map("peer", "10.1.2.3", "enabled", false, "password", NEW_SECRET,
                    "maxCalls", null)).expect(200);
            replies.add(changed);
            assertThat(changed.json().get("peer").asText()).isEqualTo("10.1.2.3");
            assertThat(changed.json().get("enabled").asBoolean()).isFalse();
            assertThat(changed.json().get("maxCalls").asInt()).as("null empties the limit").isZero();
            assertThat(changed.json().get("transport").asText()).as("not sent, kept").isEqualTo("tcp");
            assertThat(changed.json().get("priority").asInt()).isEqualTo(5);
            assertThat(changed.json().get("password").asText()).isEqualTo("set");
            String resealed = db.queryString("SELECT password_sealed FROM trunk WHERE name = 'pbx'");
            assertThat(new String(box.open("trunk:pbx", resealed))).isEqualTo(NEW_SECRET);
            replies.add(root.put("/api/trunks/pbx", map("enabled", true, "priority", null)).expect(200));
            assertThat(replies.get(replies.size() - 1).json().get("priority").asInt()).isEqualTo(100);

            root.delete("/api/trunks/Carrier").expect(204);
            root.get("/api/trunks/carrier").expect(404);
            replies.add(root.get("/api/trunks").expect(200));
            assertThat(replies.get(replies.size() - 1).json().findValuesAsText("name")).containsExactly("pbx");

            for (WebClient.Reply r : replies) {
                assertThat(r.body()).doesNotContain(SECRET, NEW_SECRET, sealed, resealed);
            }
            List<AuditEntry> changes = AdminWebTest.webChanges(server);
            assertThat(changes).extracting(AuditEntry::actor).containsOnly("web:root");
            assertThat(changes).extracting(AuditEntry::subject)
                    .containsExactly("trunk:carrier", "trunk:pbx", "trunk:pbx", "trunk:carrier", "trunk:pbx");
            assertThat(changes.get(0).details()).contains("\"action\":\"remove\"");
            assertThat(changes.get(2).details()).contains("\"action\":\"set\"", "\"password\":\"changed\"", "\"enabled\":false");
            assertThat(changes.get(4).details()).contains("\"action\":\"add\"", "\"password\":\"set\"");
            for (AuditEntry e : changes) {
                assertThat(e.details()).doesNotContain(SECRET, NEW_SECRET, sealed, resealed);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void badInputNamesTheFieldConflictsAre409AndUnknownTrunks404(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             TestServer server = AdminWebTest.serverWithAccounts(db, TestServer.webSettings())) {
            WebClient root = root(server);
            // no secrets.key on this node: a password cannot be stored, and the answer says why
            WebClient.Reply noKey = root.post("/api/trunks", map("name", "pbx", "peer", "10.0.0.1", "username", "palisade",
                    "password", SECRET));
            assertField(noKey, "password");
            assertThat(noKey.json().get("error").asText()).contains("secrets.key").doesNotContain(SECRET);
            root.get("/api/trunks/pbx").expect(404);
            root.post("/api/trunks", map("name", "static", "peer", "10.0.0.1")).expect(201); // no password, no key needed

            assertField(root.post("/api/trunks", map("name", "pbx", "peer", "pbx example.com")), "peer");
            assertField(root.post("/api/trunks", map("name", "pbx", "peer", "10.0.0.1:70000")), "peer");
            assertField(root.post("/api/trunks", map("name", "pbx")), "peer");
            assertField(root.post("/api/trunks", map("name", "status", "peer", "10.0.0.1")), "name");
            assertField(root.post("/api/trunks", map("name", "pbx", "peer", "10.0.0.1", "transport", "sctp")), "transport");
            assertField(root.post("/api/trunks", map("name", "pbx", "peer", "10.0.0.1", "register", true)), "username");
            assertField(root.post("/api/trunks", map("name", "pbx", "peer", "10.0.0.1", "maxCalls", -1)), "maxCalls");
            assertField(root.post("/api/trunks", map("name", "pbx", "peer", "10.0.0.1", "maxCalls", "many")), "maxCalls");
            assertField(root.post("/api/trunks", map("name", "pbx", "peer", "10.0.0.1", "priority", 5000)), "priority");
            assertField(root.post("/api/trunks", map("name", "my pbx", "peer", "10.0.0.1")), "name");
            assertField(root.post("/api/trunks", map("name", "pbx", "peer", "10.0.0.1", "secret", "x")), "secret");

            server.node().trunkPasswordSealer(SecretBox.fromKey(SecretBox.generateKey()));
            assertField(root.post("/api/trunks", map("name", "pbx", "peer", "10.0.0.1", "password", SECRET)), "username");
            root.post("/api/trunks", map("name", "pbx", "peer", "10.0.0.1", "username", "palisade", "password", SECRET)).expect(201);
            WebClient.Reply duplicate = root.post("/api/trunks", map("name", "PBX", "peer", "10.0.0.2")).expect(409);
            assertThat(duplicate.json().get("error").asText()).isEqualTo("trunk pbx already exists");

            assertField(root.put("/api/trunks/pbx", map("username", null)), "username"); // it has a password
            assertField(root.put("/api/trunks/pbx", map("transport", "carrier-pigeon")), "transport");
            assertField(root.put("/api/trunks/pbx", map("peer", "")), "peer");
            assertField(root.put("/api/trunks/pbx", map("enabled", "yes please")), "enabled");
            root.put("/api/trunks/pbx", map()).expect(400);
            assertThat(root.put("/api/trunks/ghost", map("enabled", false)).expect(404).json().get("error").asText())
                    .isEqualTo("trunk ghost does not exist");
            root.get("/api/trunks/ghost").expect(404);
            root.get("/api/trunks/no%20such%20trunk").expect(404);
            root.delete("/api/trunks/ghost").expect(404);

            root.post("/api/routes", map("name", "all", "kind", "prefix", "pattern", "+", "trunks", List.of("static", "pbx"))).expect(201);
            WebClient.Reply routed = root.delete("/api/trunks/pbx").expect(409);
            assertThat(routed.json().get("error").asText()).contains("route all");
            root.get("/api/trunks/pbx").expect(200);

            assertThat(AdminWebTest.webChanges(server)).extracting(AuditEntry::subject)
                    .containsExactly("route:all", "trunk:pbx", "trunk:static");
        }
    }

    @Test
    void auditorsReadTrunksFinanceCannotAndNeitherChangesThem() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDb.H2);
             TestServer server = AdminWebTest.serverWithAccounts(db, TestServer.webSettings())) {
            root(server).post("/api/trunks", map("name", "pbx", "peer", "10.0.0.1")).expect(201);
            WebClient auditor = login(server, "audrey", AdminWebTest.AUDITOR_PASSWORD);
            WebClient finance = login(server, "fin", AdminWebTest.FINANCE_PASSWORD);

            for (String path : List.of("/api/trunks", "/api/trunks/pbx", "/api/trunks/status")) {
                auditor.get(path).expect(200);
                finance.get(path).expect(403);
            }
            for (WebClient c : List.of(auditor, finance)) {
                c.post("/api/trunks", map("name", "other", "peer", "10.0.0.2")).expect(403);
                c.put("/api/trunks/pbx", map("enabled", false)).expect(403);
                c.delete("/api/trunks/pbx").expect(403);
            }
            JsonNode pbx = auditor.get("/api/trunks/pbx").expect(200).json();
            assertThat(pbx.get("enabled").asBoolean()).isTrue();
            assertThat(auditor.get("/api/trunks").json().findValuesAsText("name")).containsExactly("pbx");
            assertThat(AdminWebTest.webChanges(server)).hasSize(1);
        }
    }

    // ---- live state ----------------------------------------------------------------------------

    private TestServer server;
    private BridgeDirectory bridge;

    private TestUserAgent agent(String user) throws Exception {
        TestUserAgent ua = new TestUserAgent(user, "a long enough password", TestServer.DOMAIN, server.port());
        closing.add(ua);
        return ua;
    }

    /** The status of every trunk by name once {@code done} holds for it, within 10 s; fails otherwise. */
    private static Map<String, JsonNode> awaitStatus(WebClient c, Predicate<Map<String, JsonNode>> done) throws Exception {
        Map<String, JsonNode> byName = new HashMap<>();
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            byName.clear();
            c.get("/api/trunks/status").expect(200).json().forEach(t -> byName.put(t.get("name").asText(), t));
            if (done.test(byName)) {
                return byName;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("trunk status never got there: " + byName);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void statusShowsWhichPeersAnswerOptionsWhichTrunksAreRegisteredAndTheirCallsInUse() throws Exception {
        TestDatabase db = TestDatabase.create(TestDb.H2);
        closing.add(db);
        server = TestServer.withCheckedTrunks(db, TestServer.settings(), ProxySettings.defaults(),
                database -> bridge = new BridgeDirectory(database, new NumberNormalizer("DE"), Optional.empty(), trunk -> server.trunkUp(trunk),
                        trunk -> "unused".toCharArray(), Duration.ofMillis(100), Clock.systemUTC()),
                new TrunkSettings(Duration.ofMillis(500), Duration.ofMillis(300), Duration.ofMillis(200), Duration.ofSeconds(5),
                        Duration.ofMinutes(5), 3600));
        closing.add(server);
        server.addAdminUser("root", Role.ADMIN, AdminWebTest.ROOT_PASSWORD);
        server.addAdminUser("audrey", Role.AUDITOR, AdminWebTest.AUDITOR_PASSWORD);
        server.startWeb(TestServer.webSettings());
        server.node().trunkPasswordSealer(SecretBox.fromKey(SecretBox.generateKey()));
        server.addExtension("5001", "a long enough password");
        server.admin().addProfile("test", "everything", EnumSet.allOf(ServiceRight.class));
        server.admin().updateExtension("test", "5001", new ExtensionChange(null, null, "everything", null, null));

        TestUserAgent pbx = agent("pbx"); // answers OPTIONS, REGISTER and INVITE with 200
        TestUserAgent registrar = agent("registrar");
        WebClient root = root(server);
        root.post("/api/trunks", map("name", "pbx", "peer", "127.0.0.1:" + pbx.localPort(), "maxCalls", 2)).expect(201);
        root.post("/api/trunks", map("name", "dead", "peer", "127.0.0.1:" + TestPhone.freeUdpPort())).expect(201);
        root.post("/api/trunks", map("name", "reg", "peer", "127.0.0.1:" + registrar.localPort(), "register", true,
                "username", "palisade", "password", SECRET)).expect(201);
        root.post("/api/trunks", map("name", "reg-dead", "peer", "127.0.0.1:" + TestPhone.freeUdpPort(), "register", true,
                "username", "palisade", "password", SECRET)).expect(201);
        root.post("/api/trunks", map("name", "off", "peer", "127.0.0.1:" + pbx.localPort())).expect(201);
        root.put("/api/trunks/off", map("enabled", false)).expect(200);
        root.post("/api/routes", map("name", "all", "kind", "prefix", "pattern", "+", "trunks", List.of("pbx"))).expect(201);

        WebClient auditor = login(server, "audrey", AdminWebTest.AUDITOR_PASSWORD);
        Map<String, JsonNode> status = awaitStatus(auditor, s -> s.size() == 5
                && s.get("pbx").get("up").isBoolean() && s.get("dead").get("up").isBoolean() && s.get("reg").get("up").isBoolean()
                && s.get("reg").get("registered").asBoolean());
        assertThat(status.get("pbx").toString())
                .isEqualTo("{\"name\":\"pbx\",\"enabled\":true,\"up\":true,\"registered\":null,\"inUse\":0,\"maxCalls\":2}");
        assertThat(status.get("dead").get("up").asBoolean()).as("its peer never answers OPTIONS").isFalse();
        assertThat(status.get("reg").get("up").asBoolean()).isTrue();
        assertThat(status.get("reg").get("registered").asBoolean()).isTrue();
        assertThat(status.get("reg-dead").get("registered").asBoolean()).as("nobody accepts its REGISTER").isFalse();
        assertThat(status.get("off").toString())
                .isEqualTo("{\"name\":\"off\",\"enabled\":false,\"up\":null,\"registered\":null,\"inUse\":0,\"maxCalls\":0}");
        assertThat(pbx.received(Request.OPTIONS)).isNotEmpty();
        assertThat(registrar.received(Request.REGISTER)).isNotEmpty();
        assertThat(status.values().toString()).doesNotContain(SECRET);

        // a call through the trunk holds one of its slots while it is up
        TestUserAgent alice = agent("5001");
        alice.register();
        TestUserAgent.Call call = alice.call("0301234567");
        assertThat(call.awaitFinal().getStatusCode()).isEqualTo(200);
        call.ack();
        assertThat(awaitStatus(auditor, s -> s.get("pbx").get("inUse").asInt() == 1).get("pbx").get("inUse").asInt()).isEqualTo(1);
        call.bye();
        assertThat(awaitStatus(auditor, s -> s.get("pbx").get("inUse").asInt() == 0).get("pbx").get("maxCalls").asInt()).isEqualTo(2);
        assertThat(bridge.inUse("pbx")).isZero();
    }
}
