package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sip.header.Header;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.audit.AuditType;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.registrar.RegistrarSettings;
import org.palisade.server.testing.TestPhone;
import org.palisade.server.testing.TestServer;

/** Digest authentication and its defences, as an attacker or a misconfigured phone meets them. */
class AuthenticationTest {

    private static final String PASSWORD = "s3cret-enough";

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void wrongPasswordIsChallengedAgainAndAudited(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = new TestServer(db, TestServer.settings());
             TestPhone phone = new TestPhone("2001", TestServer.DOMAIN, server.port())) {
            server.addExtension("2001", PASSWORD);
            Response r = phone.registerWith(phone.register(600), "not-the-password", "SHA-256");
            assertThat(r.getStatusCode()).isEqualTo(401);
            assertThat(r.getHeader(WWWAuthenticateHeader.NAME)).isNotNull();
            assertThat(server.node().registrar().lookup("2001")).isEmpty();
            assertThat(server.audit(AuditType.LOGON_FAILED)).singleElement().satisfies(e -> {
                assertThat(e.subject()).isEqualTo("2001");
                assertThat(e.source()).isEqualTo("127.0.0.1");
                assertThat(e.details()).contains("wrong password");
            });
        }
    }

    @Test
    void unknownExtensionLooksExactlyLikeAWrongPassword() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDb.H2); TestServer server = new TestServer(db, TestServer.settings());
             TestPhone known = new TestPhone("2002", TestServer.DOMAIN, server.port());
             TestPhone unknown = new TestPhone("2999", TestServer.DOMAIN, server.port())) {
            server.addExtension("2002", PASSWORD);
            Response firstKnown = known.send(known.register(600));
            Response firstUnknown = unknown.send(unknown.register(600));
            assertThat(shape(firstUnknown)).isEqualTo(shape(firstKnown));

            Response failedKnown = known.registerWith(known.register(600), "wrong-password", "SHA-256");
            Response failedUnknown = unknown.registerWith(unknown.register(600), "wrong-password", "SHA-256");
            assertThat(failedUnknown.getStatusCode()).isEqualTo(401);
            assertThat(shape(failedUnknown)).isEqualTo(shape(failedKnown));
            assertThat(server.audit(AuditType.LOGON_FAILED)).extracting(e -> e.details())
                    .anySatisfy(d -> assertThat(d).contains("unknown extension"))
                    .anySatisfy(d -> assertThat(d).contains("wrong password"));
        }
    }

    /** Status, reason and each header with the per-request values (tags, nonces, ids) blanked. */
    private static List<String> shape(Response r) {
        List<String> shape = new ArrayList<>();
        shape.add(r.getStatusCode() + " " + r.getReasonPhrase());
        r.getHeaderNames().forEachRemaining(name -> r.getHeaders((String) name).forEachRemaining(h -> {
            String text = ((Header) h).toString().trim()
                    .replaceAll("nonce=\"[^\"]*\"", "nonce=X").replaceAll("tag=[^;\\s]*", "tag=X")
                    .replaceAll("branch=[^;\\s]*", "branch=X").replaceAll("rport=\\d+", "rport=X")
                    .replaceAll("\\b2002\\b|\\b2999\\b", "N").replaceAll("Call-ID: .*", "Call-ID: X")
                    .replaceAll(":\\d{4,5}\\b", ":P");
            shape.add(text);
        }));
        return shape;
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void lockOutAfterRepeatedFailuresAndItsEnd(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = new TestServer(db, TestServer.settings());
             TestPhone phone = new TestPhone("2003", TestServer.DOMAIN, server.port())) {
            server.addExtension("2003", PASSWORD);
            // settings(): 3 failures within a minute lock for 2 seconds.
            assertThat(phone.registerWith(phone.register(600), "guess-1xx", "SHA-256").getStatusCode()).isEqualTo(401);
            assertThat(phone.registerWith(phone.register(600), "guess-2xx", "SHA-256").getStatusCode()).isEqualTo(401);
            assertThat(phone.registerWith(phone.register(600), "guess-3xx", "SHA-256").getStatusCode()).isEqualTo(403);
            Response evenRight = phone.registerWith(phone.register(600), PASSWORD, "SHA-256");
            assertThat(evenRight.getStatusCode()).isEqualTo(403);
            assertThat(server.audit(AuditType.LOCKED_OUT)).extracting(e -> e.subject())
                    .contains("source:127.0.0.1", "extension:2003");

            long deadline = System.currentTimeMillis() + 6000;
            while (server.audit(AuditType.UNLOCKED).size() < 2) {
                assertThat(System.currentTimeMillis()).as("lock-out should end after 2 s").isLessThan(deadline);
                Thread.sleep(200);
            }
            assertThat(phone.registerWith(phone.register(600), PASSWORD, "SHA-256").getStatusCode()).isEqualTo(200);
        }
    }

    @Test
    void expiredNonceIsStaleAndACountCannotBeReplayed() throws Exception {
        RegistrarSettings shortNonces = new RegistrarSettings(TestServer.DOMAIN, 1, 3600, 3600, 10, Duration.ofSeconds(1), 5,
                Duration.ofMinutes(1), Duration.ofSeconds(2), Duration.ofSeconds(10));
        try (TestDatabase db = TestDatabase.create(TestDb.H2); TestServer server = new TestServer(db, shortNonces);
             TestPhone phone = new TestPhone("2004", TestServer.DOMAIN, server.port())) {
            server.addExtension("2004", PASSWORD);
            Response challenge = phone.send(phone.register(600));
            Thread.sleep(1500);
            Response stale = phone.send(phone.authorize(phone.register(600), TestPhone.challenge(challenge, "SHA-256"), PASSWORD));
            assertThat(stale.getStatusCode()).isEqualTo(401);
            assertThat(TestPhone.challenge(stale, "SHA-256").isStale()).isTrue();
            assertThat(server.audit(AuditType.LOGON_FAILED)).as("a stale nonce is not a failed logon").isEmpty();

            Request good = phone.authorize(phone.register(600), TestPhone.challenge(stale, "SHA-256"), PASSWORD);
            assertThat(phone.send(good).getStatusCode()).isEqualTo(200);
            Response replayed = phone.replay(good);
            assertThat(replayed.getStatusCode()).isEqualTo(401);
            assertThat(server.audit(AuditType.LOGON_FAILED)).singleElement()
                    .satisfies(e -> assertThat(e.details()).contains("replayed"));
        }
    }

    @Test
    void malformedRequestsGet400AndTheServerCarriesOn() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDb.H2); TestServer server = new TestServer(db, TestServer.settings());
             TestPhone phone = new TestPhone("2005", TestServer.DOMAIN, server.port());
             DatagramSocket raw = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            raw.setSoTimeout(1500);
            int port = raw.getLocalPort();
            String badCSeq = "REGISTER sip:" + TestServer.DOMAIN + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bKbad1\r\n"
                    + "From: <sip:2005@" + TestServer.DOMAIN + ">;tag=1\r\nTo: <sip:2005@" + TestServer.DOMAIN + ">\r\n"
                    + "Call-ID: bad-1\r\nCSeq: banana REGISTER\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
            assertThat(exchange(raw, server.port(), badCSeq)).startsWith("SIP/2.0 400");

            String badExpires = "REGISTER sip:" + TestServer.DOMAIN + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bKbad2\r\n"
                    + "From: <sip:2005@" + TestServer.DOMAIN + ">;tag=1\r\nTo: <sip:2005@" + TestServer.DOMAIN + ">\r\n"
                    + "Call-ID: bad-2\r\nCSeq: 1 REGISTER\r\nMax-Forwards: 70\r\nContact: <sip:2005@127.0.0.1:" + port + ">;q=7\r\n"
                    + "Content-Length: 0\r\n\r\n";
            String answer = exchange(raw, server.port(), badExpires);
            assertThat(answer).matches("(?s)SIP/2.0 (400|401) .*");

            // Pure garbage has no Via to answer to: RFC 3261 says drop it, and the server must stay up.
            raw.send(packet("\u0000\u00ff garbage \r\n\r\n", server.port()));
            raw.send(packet("REGISTER\r\n\r\n", server.port()));
            Response options = phone.send(phone.options());
            assertThat(options.getStatusCode()).isEqualTo(200);
            assertThat(options.getHeader("Allow").toString()).contains("REGISTER");
        }
    }

    private static String exchange(DatagramSocket socket, int port, String message) throws Exception {
        socket.send(packet(message, port));
        byte[] buf = new byte[4096];
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        try {
            socket.receive(in);
        } catch (SocketTimeoutException e) {
            return "(no answer)";
        }
        return new String(in.getData(), 0, in.getLength(), StandardCharsets.UTF_8);
    }

    private static DatagramPacket packet(String text, int port) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return new DatagramPacket(bytes, bytes.length, InetAddress.getByName("127.0.0.1"), port);
    }
}
