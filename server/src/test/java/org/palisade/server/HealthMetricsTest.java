package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.palisade.core.account.Role;
import org.palisade.core.directory.DirectorySyncStatus;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.server.testing.TestServer;
import org.palisade.web.testing.WebClient;

/** {@code /health} and {@code /metrics} of a real node: open on loopback, behind a login when configured so. */
class HealthMetricsTest {

    @Test
    void onLoopbackHealthAndMetricsNeedNoLogin() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDb.H2); TestServer server = new TestServer(db, TestServer.settings())) {
            server.addAdminUser("root", Role.ADMIN, AdminWebTest.ROOT_PASSWORD);
            server.startWeb(TestServer.webSettings());
            WebClient anonymous = new WebClient(server.webBase());
            anonymous.login("root", "wrong-password-on-purpose").expect(401);
            new WebClient(server.webBase()).login("root", AdminWebTest.ROOT_PASSWORD).expect(200);

            JsonNode health = anonymous.get("/health").expect(200).json();
            assertThat(health.get("status").asText()).isEqualTo("ok");
            assertThat(health.get("checks").get("database").asText()).isEqualTo("ok");
            assertThat(health.get("checks").get("sip").asText()).isEqualTo("ok");
            assertThat(health.get("checks").get("relay-nodes").asText()).isEqualTo("ok");

            WebClient.Reply metrics = anonymous.get("/metrics").expect(200);
            assertThat(metrics.header("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
            assertThat(metrics.body()).contains(
                    "# TYPE jvm_memory_used_bytes gauge", "jvm_threads_live_threads ",
                    "palisade_admin_logins_total{result=\"success\"} 1.0", "palisade_admin_logins_total{result=\"failure\"} 1.0",
                    "palisade_admin_sessions 1.0", "palisade_registrations 0.0", "palisade_calls_active 0.0",
                    "palisade_trunks{state=\"up\"} 0.0", "palisade_trunks{state=\"down\"} 0.0",
                    "palisade_directory_sync_ok NaN", "palisade_directory_people NaN");

            long finished = 1_764_000_000_000L;
            server.node().database().inTransaction(tx -> {
                tx.directory().saveStatus(new DirectorySyncStatus(finished - 4_000, finished, DirectorySyncStatus.Result.GUARDED,
                        "schedule", false, 40, 0, 0, 0, 0, 0, 0, "would disable 25 of 60"));
                return null;
            });
            assertThat(anonymous.get("/metrics").expect(200).body()).contains("palisade_directory_sync_ok 0.0",
                    "palisade_directory_people 40.0", "palisade_directory_sync_finished_seconds 1.764E9");
            WebClient admin = new WebClient(server.webBase());
            admin.login("root", AdminWebTest.ROOT_PASSWORD).expect(200);
            JsonNode directory = admin.get("/api/dashboard").expect(200).json().get("directory");
            assertThat(directory.get("result").asText()).isEqualTo("guarded");
            assertThat(directory.get("people").asInt()).isEqualTo(40);
            assertThat(directory.get("error").asText()).isEqualTo("would disable 25 of 60");
            assertThat(directory.get("finished").asText()).isEqualTo("2025-11-24T16:00:00Z");
        }
    }

    @Test
    void healthFailsWith503WhenNoRelayNodeCanAnchorCalls() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDb.H2);
             TestServer server = new TestServer(db, TestServer.settings(), org.palisade.sip.proxy.ProxySettings.defaults(),
                     TestServer.databaseRelays())) {
            server.startWeb(TestServer.webSettings());
            WebClient.Reply r = new WebClient(server.webBase()).get("/health").expect(503);
            assertThat(r.json().get("status").asText()).isEqualTo("failing");
            assertThat(r.json().get("checks").get("relay-nodes").asText()).isEqualTo("failing: 0 of 0 up");
            assertThat(r.json().get("checks").get("database").asText()).isEqualTo("ok");
        }
    }

    @Test
    void whenNotPublicOnlyAdminsAndAuditorsMayReadThem() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDb.H2); TestServer server = new TestServer(db, TestServer.settings())) {
            server.addAdminUser("audrey", Role.AUDITOR, AdminWebTest.AUDITOR_PASSWORD);
            server.addAdminUser("fin", Role.FINANCE, AdminWebTest.FINANCE_PASSWORD);
            server.startWeb(TestServer.webSettings().withPublicHealth(false));
            WebClient anonymous = new WebClient(server.webBase());
            anonymous.get("/health").expect(401);
            anonymous.get("/metrics").expect(401);
            WebClient finance = new WebClient(server.webBase());
            finance.login("fin", AdminWebTest.FINANCE_PASSWORD).expect(200);
            finance.get("/health").expect(403);
            finance.get("/metrics").expect(403);
            WebClient auditor = new WebClient(server.webBase());
            auditor.login("audrey", AdminWebTest.AUDITOR_PASSWORD).expect(200);
            auditor.get("/health").expect(200);
            assertThat(auditor.get("/metrics").expect(200).body()).contains("jvm_memory_used_bytes");
        }
    }
}
