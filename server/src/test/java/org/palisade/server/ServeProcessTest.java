package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palisade.db.DbSettings;
import org.palisade.server.testing.CliRun;
import org.palisade.server.testing.Processes;
import org.palisade.server.testing.TestPhone;
import org.palisade.server.testing.TestServer;
import org.palisade.web.testing.WebClient;

/**
 * {@code palisade serve} as its own process on the embedded database, changed by the CLI from
 * another process while it runs: what an admin does on day one.
 */
class ServeProcessTest {

    @Test
    void cliChangesReachARunningServerWithoutRestart(@TempDir Path data) throws Exception {
        int port = TestPhone.freeUdpPort();
        Process serve = Processes.palisade("serve", "--data-dir", data.toString(), "--domain", TestServer.DOMAIN,
                "--sip-address", "127.0.0.1", "--sip-port", Integer.toString(port), "-D", "relay.ng=127.0.0.1:0", "--http-port", "0");
        try {
            String serving = Processes.awaitLine(serve, "Palisade serving");
            assertThat(serving).as("serve runs its own relay").contains("embedded relay ng /127.0.0.1:");
            String[] where = {"--data-dir", data.toString(), "--domain", TestServer.DOMAIN};

            // The web UI runs too; its first admin comes from the CLI, as the README says.
            java.util.regex.Matcher url = java.util.regex.Pattern.compile("web UI (http://127\\.0\\.0\\.1:[0-9]+/)").matcher(serving);
            assertThat(url.find()).as(serving).isTrue();
            WebClient web = new WebClient(java.net.URI.create(url.group(1)));
            assertThat(web.get("/health").expect(200).json().get("status").asText()).isEqualTo("ok");
            web.login("root", "First-Admin-Password-1").expect(401);
            CliRun admin = CliRun.raw(Map.of(), "First-Admin-Password-1\n",
                    concat(new String[] {"admin-user", "add", "root", "--role", "admin", "--password-stdin"}, where));
            assertThat(admin.exitCode()).as(admin.err()).isZero();
            assertThat(web.login("root", "First-Admin-Password-1").expect(200).json().get("role").asText()).isEqualTo("admin");

            try (TestPhone phone = new TestPhone("4001", TestServer.DOMAIN, port)) {
                assertThat(phone.registerWith(phone.register(600), "secret-4001", "SHA-256").getStatusCode()).isEqualTo(401);

                CliRun add = CliRun.raw(Map.of(), "secret-4001\n",
                        concat(new String[] {"extension", "add", "4001", "--name", "Dana", "--password-stdin"}, where));
                assertThat(add.exitCode()).as(add.err()).isZero();
                Response ok = phone.registerWith(phone.register(600), "secret-4001", "SHA-256");
                assertThat(ok.getStatusCode()).isEqualTo(200);

                CliRun disable = CliRun.raw(Map.of(), null, concat(new String[] {"extension", "set", "4001", "--disable"}, where));
                assertThat(disable.exitCode()).as(disable.err()).isZero();
                assertThat(phone.registerWith(phone.register(600), "secret-4001", "SHA-256").getStatusCode()).isEqualTo(401);
            }

            CliRun logons = CliRun.raw(Map.of(), null, concat(new String[] {"audit", "list", "--type", "LOGON"}, where));
            assertThat(logons.out()).contains("LOGON").contains("4001");
            CliRun failures = CliRun.raw(Map.of(), null, concat(new String[] {"audit", "list", "--type", "logon_failed"}, where));
            assertThat(failures.out()).contains("unknown extension").contains("extension disabled");

            // Someone with database access edits history: verify notices, even while the server runs.
            DbSettings db = DbSettings.embedded(data);
            try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password()); Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE audit_log SET source = '10.9.9.9' WHERE event_type = 'LOGON'");
            }
            CliRun verify = CliRun.raw(Map.of(), null, concat(new String[] {"audit", "verify"}, where));
            assertThat(verify.exitCode()).isEqualTo(1);
            assertThat(verify.out()).contains("TAMPERED");
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(20, TimeUnit.SECONDS)).as("serve stops on SIGTERM").isTrue();
        }
    }

    private static String[] concat(String[] a, String[] b) {
        return java.util.stream.Stream.concat(List.of(a).stream(), List.of(b).stream()).toArray(String[]::new);
    }
}
