package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.palisade.server.testing.TestServer;
import org.palisade.web.testing.WebClient;

/** What the JSON API tests share: logged-in clients, request bodies, and the 400 that names a field. */
final class ApiCalls {

    private ApiCalls() {
    }

    static WebClient login(TestServer server, String name, String password) {
        WebClient c = new WebClient(server.webBase());
        c.login(name, password).expect(200);
        return c;
    }

    static WebClient root(TestServer server) {
        return login(server, "root", AdminWebTest.ROOT_PASSWORD);
    }

    /** A JSON object in the order given: {@code map("name", "x", "weight", 2)}. */
    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** A 400 whose {@code field} is {@code field} (null: no single field to blame). */
    static void assertField(WebClient.Reply r, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("field").isNull() ? null : r.json().get("field").asText()).as(r.body()).isEqualTo(field);
    }
}
