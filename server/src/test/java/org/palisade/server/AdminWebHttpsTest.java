package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palisade.core.account.Role;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.server.testing.TestServer;
import org.palisade.server.testing.TestTls;
import org.palisade.web.testing.WebClient;

/** The web UI over HTTPS with a keystore from the configuration: the session cookie becomes Secure and __Host- prefixed. */
class AdminWebHttpsTest {

    private static final String STORE_PASSWORD = "keystore-password";

    @Test
    void overHttpsTheCookieIsSecureAndHostPrefixed(@TempDir Path dir) throws Exception {
        Path keystore = TestTls.keystore(dir, "web", "palisade.test", STORE_PASSWORD);
        try (TestDatabase db = TestDatabase.create(TestDb.H2); TestServer server = new TestServer(db, TestServer.settings())) {
            server.addAdminUser("root", Role.ADMIN, AdminWebTest.ROOT_PASSWORD);
            server.startWeb(TestServer.webSettings().withTls(keystore, STORE_PASSWORD));
            assertThat(server.webBase().getScheme()).isEqualTo("https");

            WebClient c = new WebClient(server.webBase(), trusting(keystore));
            WebClient.Reply login = c.login("root", AdminWebTest.ROOT_PASSWORD).expect(200);
            assertThat(login.header("Set-Cookie")).startsWith("__Host-palisade_session=")
                    .contains("; Path=/", "; HttpOnly", "; SameSite=Strict", "; Secure").doesNotContain("Domain");
            c.get("/api/session").expect(200);

            WebClient plainName = new WebClient(server.webBase(), trusting(keystore));
            plainName.cookie("palisade_session=" + c.cookie().substring(c.cookie().indexOf('=') + 1));
            plainName.get("/api/session").expect(401); // over HTTPS only the __Host- cookie counts

            WebClient http = new WebClient(java.net.URI.create("http://127.0.0.1:" + server.webBase().getPort() + "/"));
            assertThatThrownBy(() -> http.get("/health")).as("no plain HTTP on the HTTPS port").isInstanceOf(RuntimeException.class);
        }
    }

    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, STORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }
}
