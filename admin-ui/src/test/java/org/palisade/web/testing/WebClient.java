package org.palisade.web.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * A browser-like client of the admin API for tests: {@link #login} keeps the session cookie and
 * the CSRF token, and every later request sends the cookie, and the token on state-changing
 * methods, the way the UI does. {@link #request} gives raw access for the cases a test must get
 * wrong on purpose (no token, another content type, a forged cookie).
 *
 * <pre>
 * WebClient admin = new WebClient(server.webBase());
 * admin.login("alice", "Long-Password-123").expect(200);
 * WebClient.Reply r = admin.post("/api/admin-users", Map.of("name", "bob", "role", "auditor", "password", "..."));
 * assertThat(r.status()).isEqualTo(201);
 * assertThat(r.json().get("role").asText()).isEqualTo("auditor");
 * </pre>
 */
public final class WebClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One answer: status, headers, the body as text, and as JSON when it is JSON. */
    public record Reply(int status, HttpHeaders headers, String body) {

        /** The body parsed; a {@code MissingNode} when it is empty or not JSON. */
        public JsonNode json() {
            try {
                return body.isEmpty() ? JSON.missingNode() : JSON.readTree(body);
            } catch (IOException e) {
                return JSON.missingNode();
            }
        }

        /** The first value of a header, or null. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public List<String> headers(String name) {
            return headers.allValues(name);
        }

        /** Fails with the body in the message when the status is not {@code expected}. */
        public Reply expect(int expected) {
            if (status != expected) {
                throw new AssertionError("expected " + expected + ", got " + status + ": " + body);
            }
            return this;
        }
    }

    private final URI base;
    private final HttpClient http;
    /** {@code name=value} of the session cookie, or null. */
    private volatile String cookie;
    private volatile String csrfToken;

    /** @param base the server's root, e.g. {@code http://127.0.0.1:PORT/} */
    public WebClient(URI base) {
        this(base, null);
    }

    /** For HTTPS with a test certificate: {@code ssl} trusts it. */
    public WebClient(URI base, SSLContext ssl) {
        this.base = base;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER);
        if (ssl != null) {
            b.sslContext(ssl);
        }
        this.http = b.build();
    }

    /** POST /api/session; on 200 keeps the cookie and the token for the requests that follow. */
    public Reply login(String username, String password) {
        Reply r = send(request("/api/session").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(Map.of("username", username, "password", password)))));
        if (r.status() == 200) {
            r.headers().allValues("Set-Cookie").stream().findFirst()
                    .ifPresent(c -> cookie = c.split(";", 2)[0]);
            csrfToken = r.json().path("csrfToken").asText(null);
        }
        return r;
    }

    /** DELETE /api/session; forgets cookie and token whatever the answer. */
    public Reply logout() {
        Reply r = delete("/api/session");
        cookie = null;
        csrfToken = null;
        return r;
    }

    public Reply get(String path) {
        return send(request(path).GET());
    }

    public Reply post(String path, Object body) {
        return send(withCsrf(request(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(body))));
    }

    public Reply put(String path, Object body) {
        return send(withCsrf(request(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json(body))));
    }

    public Reply delete(String path) {
        return send(withCsrf(request(path)).DELETE());
    }

    /** A request to {@code path} carrying the session cookie (if any) and nothing else: add what the test needs. */
    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1) : path))
                .timeout(Duration.ofSeconds(30));
        String c = cookie;
        if (c != null) {
            b.header("Cookie", c);
        }
        return b;
    }

    /** Adds the CSRF header, when logged in. */
    public HttpRequest.Builder withCsrf(HttpRequest.Builder b) {
        String t = csrfToken;
        return t == null ? b : b.header("X-CSRF-Token", t);
    }

    public Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** For large or streamed bodies: the caller reads and closes the stream. */
    public HttpResponse<InputStream> stream(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** The session cookie as sent ({@code name=value}), or null. */
    public String cookie() {
        return cookie;
    }

    /** Replaces the cookie sent (null: none), e.g. to replay an old session. */
    public void cookie(String nameValue) {
        cookie = nameValue;
    }

    public String csrfToken() {
        return csrfToken;
    }

    public void csrfToken(String token) {
        csrfToken = token;
    }

    public URI base() {
        return base;
    }

    /** The value of a header as the UI would need it: the session's Set-Cookie of a login reply. */
    public static Optional<String> setCookie(Reply r) {
        return r.headers().allValues("Set-Cookie").stream().findFirst();
    }

    private static String json(Object body) {
        if (body instanceof String s) {
            return s; // already JSON (or deliberately not)
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
