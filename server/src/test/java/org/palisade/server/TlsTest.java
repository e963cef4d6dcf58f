package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.server.testing.CliRun;
import org.palisade.server.testing.TestPhone;
import org.palisade.server.testing.TestServer;
import org.palisade.server.testing.TestTls;
import org.palisade.server.testing.TestUserAgent;
import org.palisade.server.testing.TestUserAgent.Call;
import org.palisade.sip.proxy.ProxySettings;

/**
 * SIP over TLS (RFC 3261 26.2) on loopback: a keystore made with keytool as the README says,
 * phones that trust its certificate registering and calling through Palisade's TLS port, a
 * phone that does not trust it getting nowhere, and a bad keystore stopping {@code serve}.
 * TLS behaves the same on every database, so these run on the embedded one only.
 */
class TlsTest {

    private static final String PASSWORD = "test-keystore-pw";
    private static final String ALICE = "5001";
    private static final String BOB = "5002";
    private static final String CAROL = "5003";
    private static final String PW = "a long sip password";

    @TempDir
    static Path dir;
    private static Path keystore;
    private static TestTls.ClientTrust trusted;
    private static TestTls.ClientTrust stranger;

    @BeforeAll
    static void certificates() throws Exception {
        keystore = TestTls.keystore(dir, "palisade", "palisade.example.com", PASSWORD);
        trusted = TestTls.trusting(keystore, PASSWORD, dir.resolve("phone-trust.p12"), "phone-trust-pw");
        // Another self-signed certificate: a phone given this one trusts something, just not Palisade.
        Path other = TestTls.keystore(dir, "other", "other.example.com", PASSWORD);
        stranger = TestTls.trusting(other, PASSWORD, dir.resolve("stranger-trust.p12"), "stranger-trust-pw");
    }

    private static TestServer server(TestDatabase db) throws Exception {
        return new TestServer(db, TestServer.settings(), ProxySettings.defaults(), keystore, PASSWORD);
    }

    @Test
    void registersOverTlsWithDigestAndTheBindingSaysTls() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDb.H2); TestServer server = server(db);
             TestPhone phone = new TestPhone("1001", TestServer.DOMAIN, server.tlsPort(), trusted)) {
            server.addExtension("1001", PW);
            Request register = phone.register(600);
            Response challenge = phone.send(register);
            assertThat(challenge).isNotNull();
            assertThat(challenge.getStatusCode()).isEqualTo(401);
            Response ok = phone.send(phone.authorize(register, TestPhone.challenge(challenge, "SHA-256"), PW));
            assertThat(ok.getStatusCode()).isEqualTo(200);
            assertThat(((ViaHeader) ok.getHeader(ViaHeader.NAME)).getTransport()).isEqualToIgnoringCase("TLS");
            assertThat(TestPhone.contacts(ok)).singleElement().asString().contains(";transport=tls");
            assertThat(server.node().registrar().lookup("1001")).singleElement().satisfies(b -> {
                assertThat(b.transport()).isEqualTo("TLS");
                assertThat(b.sourceHost()).isEqualTo("127.0.0.1");
            });
        }
    }

    @Test
    void callsBetweenTlsPhonesAndFromTlsToUdpStayOnPalisade() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDb.H2); TestServer server = server(db);
             TestUserAgent alice = new TestUserAgent(ALICE, PW, TestServer.DOMAIN, server.tlsPort(), trusted);
             TestUserAgent bob = new TestUserAgent(BOB, PW, TestServer.DOMAIN, server.tlsPort(), trusted);
             TestUserAgent carol = new TestUserAgent(CAROL, PW, TestServer.DOMAIN, server.port())) {
            for (String n : List.of(ALICE, BOB, CAROL)) {
                server.addExtension(n, PW);
            }
            alice.register();
            bob.register();
            carol.register();
            String tlsHop = "sip:127.0.0.1:" + server.tlsPort() + ";transport=tls;lr";
            String udpHop = "sip:127.0.0.1:" + server.port() + ";transport=udp;lr";

            // TLS to TLS: one Record-Route, the TLS one; the call goes up and down over TLS.
            Call call = alice.call(BOB);
            Response ok = call.awaitFinal();
            assertThat(ok.getStatusCode()).isEqualTo(200);
            assertThat(recordRoutes(ok)).containsExactly(tlsHop);
            Request atBob = bob.awaitRequest(Request.INVITE);
            assertThat(((ViaHeader) atBob.getHeader(ViaHeader.NAME)).getTransport()).isEqualToIgnoringCase("TLS");
            assertThat(((ViaHeader) atBob.getHeader(ViaHeader.NAME)).getPort()).isEqualTo(server.tlsPort());
            call.ack();
            assertThat(bob.awaitRequest(Request.ACK)).isNotNull();
            assertThat(call.bye().getStatusCode()).isEqualTo(200);
            assertThat(bob.awaitRequest(Request.BYE)).isNotNull();

            // TLS caller, UDP callee: RFC 5658 double Record-Route, so each side comes back on its own transport.
            Call mixed = alice.call(CAROL);
            Response mixedOk = mixed.awaitFinal();
            assertThat(mixedOk.getStatusCode()).isEqualTo(200);
            assertThat(recordRoutes(mixedOk)).containsExactly(udpHop, tlsHop);
            Request atCarol = carol.awaitRequest(Request.INVITE);
            assertThat(((ViaHeader) atCarol.getHeader(ViaHeader.NAME)).getTransport()).isEqualToIgnoringCase("UDP");
            mixed.ack();
            assertThat(carol.awaitRequest(Request.ACK)).isNotNull();
            // the callee hangs up over UDP; Palisade takes the BYE to the caller over its TLS connection
            assertThat(carol.hangUp().getStatusCode()).isEqualTo(200);
            Request byeAtAlice = alice.awaitRequest(Request.BYE);
            assertThat(byeAtAlice).isNotNull();
            assertThat(((ViaHeader) byeAtAlice.getHeader(ViaHeader.NAME)).getTransport()).isEqualToIgnoringCase("TLS");
        }
    }

    @Test
    void aPhoneThatDoesNotTrustTheCertificateGetsNoAnswer() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDb.H2); TestServer server = server(db);
             TestPhone phone = new TestPhone("1001", TestServer.DOMAIN, server.tlsPort(), stranger)) {
            server.addExtension("1001", PW);
            // The phone refuses Palisade's certificate during the handshake, so the REGISTER never
            // leaves it: the phone's stack reports the TLS failure, and there is not even a 401.
            Response answer = null;
            Throwable failure = null;
            try {
                answer = phone.send(phone.register(600));
            } catch (javax.sip.SipException e) {
                failure = e;
            }
            assertThat(answer).isNull();
            assertThat(failure).isNotNull().hasCauseInstanceOf(javax.net.ssl.SSLHandshakeException.class)
                    .hasMessageContaining("No trusted certificate found");
            assertThat(server.node().registrar().lookup("1001")).isEmpty();
        }
    }

    @Test
    void theTlsPortSpeaksTls12And13WithAeadSuitesOnly() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDb.H2); TestServer server = server(db)) {
            javax.net.ssl.SSLSocketFactory factory = clientContext().getSocketFactory();
            assertThat(handshake(factory, server.tlsPort(), "TLSv1.3", null)).isEqualTo("TLSv1.3");
            assertThat(handshake(factory, server.tlsPort(), "TLSv1.2", null)).isEqualTo("TLSv1.2");
            // A CBC suite, which the stack's own defaults would offer: refused.
            assertThat(handshake(factory, server.tlsPort(), "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256")).isNull();
        }
    }

    private static javax.net.ssl.SSLContext clientContext() throws Exception {
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(trusted.trustStore())) {
            trust.load(in, trusted.password().toCharArray());
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    /** The negotiated protocol, or null when the handshake fails. */
    private static String handshake(javax.net.ssl.SSLSocketFactory factory, int port, String protocol, String suite) throws Exception {
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) factory.createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.setEnabledProtocols(new String[] {protocol});
            if (suite != null) {
                socket.setEnabledCipherSuites(new String[] {suite});
            }
            socket.startHandshake();
            return socket.getSession().getProtocol();
        } catch (javax.net.ssl.SSLException e) {
            return null;
        }
    }

    @Test
    void serveRefusesToStartWithAWrongKeystorePasswordOrNoKeystore() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            String data = dir.resolve("data").toString();
            CliRun wrong = CliRun.raw(Map.of(), null, "serve", "--data-dir", data, "--sip-port", "0", "--sip-tls-port", "5061",
                    "-D", "sip.tls-keystore=" + keystore, "-D", "sip.tls-keystore-password=not-the-password");
            assertThat(wrong.exitCode()).as(wrong.err()).isEqualTo(2);
            assertThat(wrong.err()).contains("error: sip.tls-keystore-password: wrong password for " + keystore);

            CliRun missing = CliRun.raw(Map.of("PALISADE_SIP_TLS_PORT", "5061", "PALISADE_SIP_TLS_KEYSTORE", dir.resolve("nope.p12").toString(),
                    "PALISADE_SIP_TLS_KEYSTORE_PASSWORD", PASSWORD), null, "serve", "--data-dir", data);
            assertThat(missing.exitCode()).as(missing.err()).isEqualTo(2);
            assertThat(missing.err()).contains("error: sip.tls-keystore: no such file");

            CliRun none = CliRun.raw(Map.of(), null, "serve", "--data-dir", data, "--sip-tls-port", "5061");
            assertThat(none.exitCode()).as(none.err()).isEqualTo(2);
            assertThat(none.err()).contains("sip.tls-keystore: required when sip.tls-port is set");
        });
    }

    private static List<String> recordRoutes(Response r) {
        List<String> out = new ArrayList<>();
        for (ListIterator<?> it = r.getHeaders(RecordRouteHeader.NAME); it.hasNext(); ) {
            out.add(((RecordRouteHeader) it.next()).getAddress().getURI().toString());
        }
        return out;
    }
}
