package org.palisade.web.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.palisade.core.account.AccountAdministration;
import org.palisade.core.account.PasswordHasher;
import org.palisade.core.account.Role;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.web.WebServer;
import org.palisade.web.WebSettings;
import org.palisade.web.api.ApiException;
import org.palisade.web.api.ApiResponse;
import org.palisade.web.api.Routes;
import org.palisade.web.health.HealthChecks;
import org.palisade.web.testing.WebClient;

/**
 * The API machinery on a real Jetty: error mapping, body binding, streaming, 404/405, static
 * files and headers. Sessions and roles are covered end to end in the server module.
 */
class ApiFrameworkTest {

    private static final String PASSWORD = "Framework-Test-Passphrase";
    private static TestDatabase db;
    private static WebServer web;

    /** A body the echo route binds; its own check names the field like core's records do. */
    record Echo(String name, int count, Instant at) {
        Echo {
            if (name != null && name.length() > 10) {
                throw new IllegalArgumentException("name: at most 10 characters");
            }
        }
    }

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.create(TestDb.H2);
        new AccountAdministration(db.database(), new PasswordHasher(1_000), Clock.systemUTC())
                .add("test", "alice", Role.ADMIN, PASSWORD.toCharArray());
        web = new WebServer(WebSettings.defaults().withListener("127.0.0.1", 0), db.database(), Clock.systemUTC());
        Routes routes = web.routes();
        routes.get("/api/test/fail/{kind}", Routes.ANY_ROLE, req -> {
            switch (req.pathParam("kind")) {
                case "argument" -> throw new IllegalArgumentException("number: 2 to 15 digits");
                case "plain-argument" -> throw new IllegalArgumentException("line 3: number: 2 to 15 digits");
                case "missing" -> throw new NoSuchElementException("extension 1001 does not exist");
                case "conflict" -> throw new IllegalStateException("extension 1001 already exists");
                case "custom" -> throw new ApiException(429, "slow down");
                default -> throw new RuntimeException("secret internals at db.example:3306");
            }
        });
        routes.post("/api/test/echo", Set.of(Role.ADMIN), req -> ApiResponse.ok(req.body(Echo.class)));
        routes.get("/api/test/items/{id}", Routes.ANY_ROLE, req -> ApiResponse.ok(Map.of("id", req.pathParam("id"),
                "q", String.valueOf(req.query("q")), "all", req.queryValues("t"))));
        routes.get("/api/test/items/special", Routes.ANY_ROLE, req -> ApiResponse.ok(Map.of("special", true)));
        routes.get("/api/test/rows", Routes.ANY_ROLE, req -> ApiResponse.stream("text/csv; charset=utf-8", "rows 1/2.csv", out -> {
            for (int i = 0; i < 200_000; i++) {
                out.write(("row," + i + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
        }));
        routes.get("/api/test/broken", Routes.ANY_ROLE, req -> ApiResponse.stream("text/csv", null, out -> {
            out.write(new byte[1 << 20]);
            throw new IOException("database went away half-way");
        }));
        web.start();
    }

    @AfterAll
    static void stop() {
        web.close();
        db.close();
    }

    private static WebClient loggedIn() {
        WebClient c = new WebClient(web.baseUri());
        c.login("alice", PASSWORD).expect(200);
        return c;
    }

    @Test
    void exceptionsBecomeAnswersInOnePlace() {
        WebClient c = loggedIn();
        WebClient.Reply argument = c.get("/api/test/fail/argument").expect(400);
        assertThat(argument.body()).isEqualTo("{\"error\":\"2 to 15 digits\",\"field\":\"number\"}");
        assertThat(c.get("/api/test/fail/plain-argument").expect(400).body())
                .isEqualTo("{\"error\":\"line 3: number: 2 to 15 digits\",\"field\":null}");
        assertThat(c.get("/api/test/fail/missing").expect(404).body()).isEqualTo("{\"error\":\"extension 1001 does not exist\"}");
        assertThat(c.get("/api/test/fail/conflict").expect(409).body()).isEqualTo("{\"error\":\"extension 1001 already exists\"}");
        assertThat(c.get("/api/test/fail/custom").expect(429).body()).isEqualTo("{\"error\":\"slow down\"}");
        WebClient.Reply internal = c.get("/api/test/fail/boom").expect(500);
        assertThat(internal.body()).doesNotContain("secret", "db.example", "RuntimeException");
        assertThat(internal.json().get("error").asText()).isEqualTo(ApiErrors.INTERNAL);
        assertThat(internal.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    }

    @Test
    void requestBodiesBindToRecordsAndBadOnesNameTheField() {
        WebClient c = loggedIn();
        JsonNode echoed = c.post("/api/test/echo", Map.of("name", "x", "count", 3, "at", "2026-11-24T11:00:00+01:00")).expect(200).json();
        assertThat(echoed.get("count").asInt()).isEqualTo(3);
        assertThat(echoed.get("at").asText()).as("ISO 8601 with offset, here UTC").isEqualTo("2026-11-24T10:00:00Z");

        JsonNode malformed = c.post("/api/test/echo", "{\"name\": \"x\",").expect(400).json();
        assertThat(malformed.get("error").asText()).startsWith("malformed JSON");
        assertThat(malformed.get("field").isNull()).isTrue();
        assertThat(c.post("/api/test/echo", Map.of("count", "many")).expect(400).body())
                .isEqualTo("{\"error\":\"expected a whole number\",\"field\":\"count\"}");
        assertThat(c.post("/api/test/echo", Map.of("name", "x")).expect(400).body())
                .isEqualTo("{\"error\":\"required\",\"field\":\"count\"}");
        assertThat(c.post("/api/test/echo", Map.of("count", 1, "at", "yesterday")).expect(400).json().get("field").asText())
                .isEqualTo("at");
        assertThat(c.post("/api/test/echo", Map.of("count", 1, "colour", "red")).expect(400).json().get("field").asText()).isEqualTo("colour");
        assertThat(c.post("/api/test/echo", Map.of("name", "far-too-long-a-name", "count", 1)).expect(400).body())
                .isEqualTo("{\"error\":\"at most 10 characters\",\"field\":\"name\"}");
        assertThat(c.post("/api/test/echo", "[1, 2]").expect(400).json().get("field").isNull()).isTrue();
        assertThat(c.post("/api/test/echo", "").expect(400).json().get("error").asText()).contains("JSON body is required");
        c.post("/api/test/echo", Map.of("name", "ok", "count", 1)).expect(200);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413() {
        WebClient c = loggedIn();
        String huge = "{\"name\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}";
        c.post("/api/test/echo", huge).expect(413);
        c.get("/api/test/items/1").expect(200);
    }

    @Test
    void pathAndQueryParametersAndTheMostSpecificRoute() {
        WebClient c = loggedIn();
        JsonNode item = c.get("/api/test/items/a%20b?q=caf%C3%A9&t=1&t=2").expect(200).json();
        assertThat(item.get("id").asText()).isEqualTo("a b");
        assertThat(item.get("q").asText()).isEqualTo("café");
        assertThat(item.get("all")).hasSize(2);
        assertThat(c.get("/api/test/items/special").expect(200).json().get("special").asBoolean()).isTrue();
    }

    @Test
    void unknownPathsAre404JsonAndWrongMethods405() {
        WebClient c = loggedIn();
        assertThat(c.get("/api/nothing-here").expect(404).json().get("error").asText()).contains("no such endpoint");
        WebClient.Reply wrong = c.delete("/api/test/echo").expect(405);
        assertThat(wrong.header("Allow")).isEqualTo("POST");
        assertThat(new WebClient(web.baseUri()).get("/no-such-page.html").expect(404).json().get("error").asText()).isEqualTo("not found");
    }

    @Test
    void aStreamedBodyArrivesWholeInChunksWithItsFileName() throws Exception {
        WebClient c = loggedIn();
        HttpResponse<InputStream> r = c.stream(c.request("/api/test/rows").GET());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Length")).as("not buffered whole").isEmpty();
        assertThat(r.headers().firstValue("Content-Type")).contains("text/csv; charset=utf-8");
        assertThat(r.headers().firstValue("Content-Disposition")).contains("attachment; filename=\"rows_1_2.csv\"");
        long lines = 0;
        String last = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.US_ASCII))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines++;
                last = line;
            }
        }
        assertThat(lines).isEqualTo(200_000);
        assertThat(last).isEqualTo("row,199999");
    }

    @Test
    void aStreamThatFailsHalfWayBreaksTheConnectionInsteadOfLookingComplete() {
        WebClient c = loggedIn();
        assertThatThrownBy(() -> {
            HttpResponse<InputStream> r = c.stream(c.request("/api/test/broken").GET());
            try (InputStream in = r.body()) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }).isInstanceOf(IOException.class);
        c.get("/api/test/items/1").expect(200);
    }

    @Test
    void aRefusalSentBeforeTheBodyArrivedClosesTheConnectionAndSaysSo() throws Exception {
        try (java.net.Socket s = new java.net.Socket(web.baseUri().getHost(), web.baseUri().getPort())) {
            s.setSoTimeout(5_000);
            java.io.OutputStream out = s.getOutputStream();
            out.write(("POST /api/test/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 12\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = head(s.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 401");
            assertThat(head.toLowerCase(java.util.Locale.ROOT))
                    .as("a client reusing this connection would find it closed under its next request")
                    .contains("connection: close");
        }
    }

    @Test
    void aRefusalOfAWholeRequestKeepsTheConnectionForTheNextOne() throws Exception {
        try (java.net.Socket s = new java.net.Socket(web.baseUri().getHost(), web.baseUri().getPort())) {
            s.setSoTimeout(5_000);
            String body = "{\"name\":\"x\"}";
            String post = "POST /api/test/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body;
            s.getOutputStream().write((post + post).getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String first = head(in);
            assertThat(first).startsWith("HTTP/1.1 401").doesNotContainIgnoringCase("connection: close");
            in.readNBytes(contentLength(first));
            assertThat(head(in)).startsWith("HTTP/1.1 401");
        }
    }

    /** The status line and headers of the next response on a raw connection. */
    private static String head(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        while (!b.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed after: " + b);
            }
            b.append((char) c);
        }
        return b.toString();
    }

    private static int contentLength(String head) {
        return Integer.parseInt(head.lines().filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:"))
                .findFirst().orElseThrow().substring("content-length:".length()).trim());
    }

    @Test
    void pagesAndAnswersCarryTheSecurityHeaders() {
        WebClient anonymous = new WebClient(web.baseUri());
        WebClient.Reply page = anonymous.get("/").expect(200);
        assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(page.body()).contains("<form id=\"login\"", "type=\"password\"");
        assertThat(anonymous.get("/app.js").expect(200).header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        WebClient.Reply api = anonymous.get("/api/session").expect(401);
        for (WebClient.Reply r : new WebClient.Reply[] {page, api}) {
            assertThat(r.header("Content-Security-Policy")).startsWith("default-src 'self'");
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(r.header("Server")).isNull();
        }
        assertThat(api.header("Cache-Control")).isEqualTo("no-store");
        assertThat(page.header("Cache-Control")).isEqualTo("no-cache");
    }

    @Test
    void healthRunsEveryCheckAndFailsWhenOneDoesOrHangs() {
        WebClient anonymous = new WebClient(web.baseUri());
        JsonNode ok = anonymous.get("/health").expect(200).json();
        assertThat(ok.get("status").asText()).isEqualTo("ok");
        assertThat(ok.at("/checks/database").asText()).isEqualTo("ok");

        HealthChecks checks = new HealthChecks();
        checks.register("fine", () -> HealthChecks.Status.ok("up"));
        checks.register("broken", () -> {
            throw new IllegalStateException("relay 10.0.0.7 silent");
        });
        checks.register("stuck", () -> {
            Thread.sleep(60_000);
            return HealthChecks.Status.ok("never");
        });
        long start = System.nanoTime();
        HealthChecks.Report report = checks.run();
        assertThat(System.nanoTime() - start).as("bounded by the time limit").isLessThan(10_000_000_000L);
        assertThat(report.ok()).isFalse();
        assertThat(report.checks().get("fine").ok()).isTrue();
        assertThat(report.checks().get("broken").detail()).contains("relay 10.0.0.7 silent");
        assertThat(report.checks().get("stuck").detail()).contains("no answer within");
        checks.close();
    }
}
