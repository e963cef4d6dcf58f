package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.account.Role;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditType;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.server.testing.TestServer;
import org.palisade.web.WebSettings;
import org.palisade.web.testing.WebClient;

/**
 * Logging in to the web UI against a real node and a real Jetty: sessions, cookies, CSRF, roles,
 * expiry, throttling, and what each of them writes to the audit log.
 */
class AdminWebTest {

    static final String ROOT_PASSWORD = "Root-Password-For-Tests-1";
    static final String AUDITOR_PASSWORD = "Auditor-Password-For-Tests-2";
    static final String FINANCE_PASSWORD = "Finance-Password-For-Tests-3";
    private static final Map<String, Object> NEW_USER = Map.of("name", "newbie", "role", "auditor", "password", "Newbie-Password-Long-4");

    /** A node with three accounts, one per role, and its web server on {@code settings}. */
    static TestServer serverWithAccounts(TestDatabase db, WebSettings settings) throws Exception {
        TestServer server = new TestServer(db, TestServer.settings());
        server.addAdminUser("root", Role.ADMIN, ROOT_PASSWORD);
        server.addAdminUser("audrey", Role.AUDITOR, AUDITOR_PASSWORD);
        server.addAdminUser("fin", Role.FINANCE, FINANCE_PASSWORD);
        server.startWeb(settings);
        return server;
    }

    private static List<AuditEntry> audit(TestServer server, AuditType type) {
        return server.audit(type);
    }

    /** The CONFIG_CHANGED entries made through the web (the accounts set up for the test are not). */
    static List<AuditEntry> webChanges(TestServer server) {
        return server.audit(AuditType.CONFIG_CHANGED).stream().filter(e -> e.actor().startsWith("web:")).toList();
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void eachRoleLogsInGetsAFreshHttpOnlyStrictCookieAndIsAudited(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = serverWithAccounts(db, TestServer.webSettings())) {
            String[][] accounts = {{"root", ROOT_PASSWORD, "admin"}, {"Audrey", AUDITOR_PASSWORD, "auditor"}, {"fin", FINANCE_PASSWORD, "finance"}};
            for (String[] a : accounts) {
                WebClient c = new WebClient(server.webBase());
                WebClient.Reply login = c.login(a[0], a[1]).expect(200);
                assertThat(login.json().get("username").asText()).isEqualTo(a[0].toLowerCase());
                assertThat(login.json().get("role").asText()).isEqualTo(a[2]);
                assertThat(login.json().get("csrfToken").asText()).hasSizeGreaterThanOrEqualTo(43);
                String cookie = login.header("Set-Cookie");
                assertThat(cookie).startsWith("palisade_session=").contains("; HttpOnly", "; SameSite=Strict", "; Path=/")
                        .doesNotContain("Secure", "Max-Age", "Expires", "Domain");
                assertThat(c.cookie().substring("palisade_session=".length())).as("256 random bits").hasSize(43);

                WebClient.Reply me = c.get("/api/session").expect(200);
                assertThat(me.body()).isEqualTo(login.body());
                assertThat(me.header("Cache-Control")).isEqualTo("no-store");
            }
            List<AuditEntry> logons = audit(server, AuditType.ADMIN_LOGON);
            assertThat(logons).extracting(AuditEntry::subject).containsExactly("fin", "audrey", "root");
            assertThat(logons).extracting(AuditEntry::actor).containsExactly("web:fin", "web:audrey", "web:root");
            assertThat(logons).extracting(AuditEntry::source).containsOnly("127.0.0.1");
            assertThat(logons.get(2).details()).contains("\"role\":\"admin\"");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void wrongPasswordUnknownUserAndDisabledAccountGetTheSameAnswer(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = serverWithAccounts(db, TestServer.webSettings())) {
            server.accounts().disable("test", "fin");
            WebClient c = new WebClient(server.webBase());
            WebClient.Reply wrong = c.login("root", "Not-The-Root-Password");
            WebClient.Reply unknown = c.login("nobody", ROOT_PASSWORD);
            WebClient.Reply disabled = c.login("fin", FINANCE_PASSWORD);
            for (WebClient.Reply r : List.of(wrong, unknown, disabled)) {
                assertThat(r.status()).isEqualTo(401);
                assertThat(r.body()).isEqualTo("{\"error\":\"invalid credentials\"}");
                assertThat(r.header("Set-Cookie")).isNull();
                assertThat(r.header("Content-Type")).isEqualTo(wrong.header("Content-Type"));
                assertThat(r.header("Content-Length")).isEqualTo(wrong.header("Content-Length"));
            }
            assertThat(c.cookie()).isNull();

            List<AuditEntry> failed = audit(server, AuditType.ADMIN_LOGON_FAILED);
            assertThat(failed).extracting(AuditEntry::subject).containsExactly("fin", "nobody", "root");
            assertThat(failed).extracting(AuditEntry::source).containsOnly("127.0.0.1");
            assertThat(failed.get(0).details()).contains("account disabled");
            assertThat(failed.get(1).details()).contains("unknown user");
            assertThat(failed.get(2).details()).contains("wrong password");
            for (AuditEntry e : failed) {
                assertThat(e.details()).doesNotContain("Not-The-Root-Password", ROOT_PASSWORD, FINANCE_PASSWORD);
            }
            assertThat(audit(server, AuditType.ADMIN_LOGON)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aLoginAlwaysGetsANewSessionAndLogoutEndsIt(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = serverWithAccounts(db, TestServer.webSettings())) {
            WebClient c = new WebClient(server.webBase());
            c.login("root", ROOT_PASSWORD).expect(200);
            String first = c.cookie();
            String firstToken = c.csrfToken();
            c.login("root", ROOT_PASSWORD).expect(200);
            assertThat(c.cookie()).isNotEqualTo(first);
            assertThat(c.csrfToken()).isNotEqualTo(firstToken);
            WebClient replay = new WebClient(server.webBase());
            replay.cookie(first);
            assertThat(replay.get("/api/session").status()).as("the replaced session is gone").isEqualTo(401);

            String second = c.cookie();
            WebClient.Reply out = c.logout().expect(204);
            assertThat(out.header("Set-Cookie")).startsWith("palisade_session=;").contains("Max-Age=0");
            replay.cookie(second);
            WebClient.Reply after = replay.get("/api/session").expect(401);
            assertThat(after.json().get("error").asText()).isEqualTo("not logged in");

            List<AuditEntry> logoffs = audit(server, AuditType.ADMIN_LOGOFF);
            assertThat(logoffs).hasSize(2);
            assertThat(logoffs.get(0).details()).contains("\"reason\":\"logout\"");
            assertThat(logoffs.get(1).details()).contains("replaced by a new login");
            assertThat(logoffs).extracting(AuditEntry::actor).containsOnly("web:root");
            assertThat(logoffs).extracting(AuditEntry::source).containsOnly("127.0.0.1");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void stateChangesNeedTheCsrfTokenAndJsonOrNothingHappens(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = serverWithAccounts(db, TestServer.webSettings())) {
            WebClient c = new WebClient(server.webBase());
            c.login("root", ROOT_PASSWORD).expect(200);
            String json = "{\"name\":\"newbie\",\"role\":\"auditor\",\"password\":\"Newbie-Password-Long-4\"}";
            HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofString(json);

            WebClient.Reply noToken = c.send(c.request("/api/admin-users").header("Content-Type", "application/json").POST(body));
            WebClient.Reply wrongToken = c.send(c.request("/api/admin-users").header("Content-Type", "application/json")
                    .header("X-CSRF-Token", c.csrfToken() + "x").POST(body));
            WebClient.Reply form = c.send(c.withCsrf(c.request("/api/admin-users"))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(body));
            WebClient.Reply text = c.send(c.withCsrf(c.request("/api/admin-users")).header("Content-Type", "text/plain").POST(body));
            WebClient.Reply untyped = c.send(c.withCsrf(c.request("/api/admin-users")).POST(body));
            WebClient.Reply deleteWithoutToken = c.send(c.request("/api/admin-users/audrey").DELETE());
            for (WebClient.Reply r : List.of(noToken, wrongToken, form, text, untyped, deleteWithoutToken)) {
                assertThat(r.status()).as(r.body()).isEqualTo(403);
            }
            assertThat(noToken.json().get("error").asText()).contains("X-CSRF-Token");
            assertThat(form.json().get("error").asText()).contains("application/json");

            WebClient.Reply formLogin = c.send(c.request("/api/session").header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=root&password=" + ROOT_PASSWORD)));
            assertThat(formLogin.status()).as("no login by a cross-site form either").isEqualTo(403);

            assertThat(c.get("/api/admin-users").expect(200).json().findValuesAsText("name")).containsExactly("audrey", "fin", "root");
            assertThat(webChanges(server)).as("nothing changed").isEmpty();
            c.send(c.request("/api/session").DELETE()).expect(403);
            c.get("/api/session").expect(200);

            c.post("/api/admin-users", NEW_USER).expect(201);
            assertThat(webChanges(server)).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void rolesAreCheckedOnEveryRequestAndNoSessionIs401(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = serverWithAccounts(db, TestServer.webSettings())) {
            WebClient auditor = new WebClient(server.webBase());
            auditor.login("audrey", AUDITOR_PASSWORD).expect(200);
            WebClient.Reply refused = auditor.post("/api/admin-users", NEW_USER).expect(403);
            assertThat(refused.json().get("error").asText()).contains("auditor");
            auditor.get("/api/admin-users").expect(403);
            WebClient finance = new WebClient(server.webBase());
            finance.login("fin", FINANCE_PASSWORD).expect(200);
            finance.delete("/api/admin-users/root").expect(403);

            WebClient nobody = new WebClient(server.webBase());
            nobody.get("/api/admin-users").expect(401);
            nobody.post("/api/admin-users", NEW_USER).expect(401);
            nobody.cookie("palisade_session=forged-session-id-aaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
            nobody.get("/api/session").expect(401);

            assertThat(server.accounts().list()).hasSize(3);
            assertThat(webChanges(server)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void anIdleSessionExpiresAndTheExpiryIsAuditedOnce(TestDb kind) throws Exception {
        WebSettings twoSeconds = TestServer.webSettings().withSessions(Duration.ofSeconds(2), Duration.ofMinutes(5));
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = serverWithAccounts(db, twoSeconds)) {
            WebClient active = new WebClient(server.webBase());
            active.login("root", ROOT_PASSWORD).expect(200);
            WebClient idle = new WebClient(server.webBase());
            idle.login("audrey", AUDITOR_PASSWORD).expect(200);
            for (int i = 0; i < 3; i++) {
                Thread.sleep(1_000);
                active.get("/api/session").expect(200);
            }
            WebClient.Reply expired = idle.get("/api/session").expect(401);
            assertThat(expired.json().get("error").asText()).isIn("session expired, log in again", "not logged in");
            active.get("/api/session").expect(200);

            List<AuditEntry> expiries = audit(server, AuditType.ADMIN_SESSION_EXPIRED);
            assertThat(expiries).hasSize(1);
            assertThat(expiries.get(0).subject()).isEqualTo("audrey");
            assertThat(expiries.get(0).actor()).isEqualTo("system");
            assertThat(expiries.get(0).source()).isEqualTo("127.0.0.1");
            assertThat(expiries.get(0).details()).contains("idle for 2 s");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void theSweepEndsAbandonedSessionsWithoutARequest(TestDb kind) throws Exception {
        WebSettings twoSeconds = TestServer.webSettings().withSessions(Duration.ofSeconds(2), Duration.ofMinutes(5));
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = serverWithAccounts(db, twoSeconds)) {
            new WebClient(server.webBase()).login("fin", FINANCE_PASSWORD).expect(200);
            long deadline = System.currentTimeMillis() + 10_000;
            while (audit(server, AuditType.ADMIN_SESSION_EXPIRED).isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            assertThat(audit(server, AuditType.ADMIN_SESSION_EXPIRED)).singleElement()
                    .satisfies(e -> assertThat(e.subject()).isEqualTo("fin"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aSessionEndsAtItsLifetimeHoweverActive(TestDb kind) throws Exception {
        WebSettings short_ = TestServer.webSettings().withSessions(Duration.ofSeconds(2), Duration.ofSeconds(3));
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = serverWithAccounts(db, short_)) {
            WebClient c = new WebClient(server.webBase());
            c.login("root", ROOT_PASSWORD).expect(200);
            long loggedIn = System.currentTimeMillis();
            int status = 200;
            while (status == 200 && System.currentTimeMillis() - loggedIn < 8_000) {
                Thread.sleep(500);
                status = c.get("/api/session").status();
            }
            assertThat(status).isEqualTo(401);
            assertThat(System.currentTimeMillis() - loggedIn).isGreaterThanOrEqualTo(3_000);
            assertThat(audit(server, AuditType.ADMIN_SESSION_EXPIRED)).singleElement()
                    .satisfies(e -> assertThat(e.details()).contains("lifetime of 3 s reached"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void failedLoginsLockTheNameAndTheSourceEvenForTheRightPasswordAndUnknownNames(TestDb kind) throws Exception {
        WebSettings strict = TestServer.webSettings().withLoginThrottle(3, Duration.ofMinutes(10), Duration.ofSeconds(3));
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = serverWithAccounts(db, strict)) {
            WebClient c = new WebClient(server.webBase());
            for (int i = 0; i < 3; i++) {
                c.login("ghost", "Guess-Number-" + i).expect(401);
            }
            WebClient.Reply locked = c.login("ghost", "Guess-Number-4").expect(429);
            assertThat(locked.header("Retry-After")).isIn("1", "2", "3");
            assertThat(locked.json().get("error").asText()).contains("too many failed logins");
            WebClient.Reply rightPassword = c.login("root", ROOT_PASSWORD);
            assertThat(rightPassword.status()).as("the source is locked too, the right password included").isEqualTo(429);
            assertThat(rightPassword.header("Set-Cookie")).isNull();

            assertThat(audit(server, AuditType.LOCKED_OUT)).extracting(AuditEntry::subject)
                    .containsExactlyInAnyOrder("web-user:ghost", "web-source:127.0.0.1");
            assertThat(audit(server, AuditType.ADMIN_LOGON_FAILED)).as("refusals while locked are not logged one by one").hasSize(3);

            long deadline = System.currentTimeMillis() + 10_000;
            while (audit(server, AuditType.UNLOCKED).size() < 2 && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            assertThat(audit(server, AuditType.UNLOCKED)).extracting(AuditEntry::subject)
                    .containsExactlyInAnyOrder("web-user:ghost", "web-source:127.0.0.1");
            c.login("root", ROOT_PASSWORD).expect(200);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void sessionsEndWhenTheirAccountIsDisabledOrGetsANewPassword(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = serverWithAccounts(db, TestServer.webSettings())) {
            WebClient root = new WebClient(server.webBase());
            root.login("root", ROOT_PASSWORD).expect(200);
            WebClient auditor = new WebClient(server.webBase());
            auditor.login("audrey", AUDITOR_PASSWORD).expect(200);
            WebClient finance = new WebClient(server.webBase());
            finance.login("fin", FINANCE_PASSWORD).expect(200);

            root.put("/api/admin-users/audrey", Map.of("enabled", false)).expect(200);
            auditor.get("/api/session").expect(401);
            server.accounts().setPassword("cli:ops", "fin", "A-Brand-New-Password-5".toCharArray()); // as the CLI would
            finance.get("/api/session").expect(401);
            root.get("/api/session").expect(200);

            assertThat(audit(server, AuditType.ADMIN_SESSION_EXPIRED)).extracting(AuditEntry::details)
                    .anySatisfy(d -> assertThat(d).contains("account disabled"))
                    .anySatisfy(d -> assertThat(d).contains("password changed"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aRestartLogsEverybodyOut(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = serverWithAccounts(db, TestServer.webSettings())) {
            WebClient before = new WebClient(server.webBase());
            before.login("root", ROOT_PASSWORD).expect(200);
            server.stop();
            server.start(TestServer.settings());
            WebClient after = new WebClient(server.webBase());
            after.cookie(before.cookie());
            after.get("/api/session").expect(401);
        }
    }
}
