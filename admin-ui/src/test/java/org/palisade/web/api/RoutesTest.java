package org.palisade.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.palisade.core.account.Role;

class RoutesTest {

    private static final ApiHandler NONE = req -> ApiResponse.noContent();
    private static final Set<Role> ADMIN = Set.of(Role.ADMIN);

    @Test
    void findsLiteralAndParameterRoutesAndHandsOverTheValues() {
        Routes routes = new Routes().get("/api/extensions", ADMIN, NONE).get("/api/extensions/{number}", ADMIN, NONE)
                .put("/api/trunks/{name}/routes/{route}", ADMIN, NONE);
        assertThat(routes.match("GET", "/api/extensions")).isInstanceOfSatisfying(Routes.Match.Found.class,
                f -> assertThat(f.pathParams()).isEmpty());
        assertThat(routes.match("GET", "/api/extensions/1001")).isInstanceOfSatisfying(Routes.Match.Found.class,
                f -> assertThat(f.pathParams()).isEqualTo(Map.of("number", "1001")));
        assertThat(routes.match("PUT", "/api/trunks/pbx/routes/de")).isInstanceOfSatisfying(Routes.Match.Found.class,
                f -> assertThat(f.pathParams()).isEqualTo(Map.of("name", "pbx", "route", "de")));
        assertThat(routes.match("GET", "/api/extensions/a%2Fb%20c+d")).as("segments are decoded after splitting")
                .isInstanceOfSatisfying(Routes.Match.Found.class, f -> assertThat(f.pathParams()).isEqualTo(Map.of("number", "a/b c+d")));
        assertThat(routes.match("GET", "/api/extensions/%zz")).isInstanceOf(Routes.Match.NotFound.class);
        assertThat(routes.match("GET", "/api/extensions/")).as("an empty segment is no value").isInstanceOf(Routes.Match.NotFound.class);
        assertThat(routes.match("GET", "/api/extensions/1001/x")).isInstanceOf(Routes.Match.NotFound.class);
        assertThat(routes.match("GET", "/api")).isInstanceOf(Routes.Match.NotFound.class);
    }

    @Test
    void aLiteralSegmentBeatsAParameterWhateverTheOrder() {
        ApiHandler byId = req -> ApiResponse.ok("id");
        ApiHandler summary = req -> ApiResponse.ok("summary");
        Routes routes = new Routes().get("/api/cdr/{id}", ADMIN, byId).get("/api/cdr/summary", ADMIN, summary);
        assertThat(((Routes.Match.Found) routes.match("GET", "/api/cdr/summary")).route().handler()).isSameAs(summary);
        assertThat(((Routes.Match.Found) routes.match("GET", "/api/cdr/42")).route().handler()).isSameAs(byId);
    }

    @Test
    void aKnownPathWithAnotherMethodListsTheAllowedOnes() {
        Routes routes = new Routes().get("/api/x/{id}", ADMIN, NONE).delete("/api/x/{id}", ADMIN, NONE);
        assertThat(routes.match("POST", "/api/x/1")).isEqualTo(new Routes.Match.WrongMethod(Set.of("DELETE", "GET")));
    }

    @Test
    void everyRouteMustNameItsRoles() {
        Routes routes = new Routes();
        assertThatThrownBy(() -> routes.get("/api/x", Set.of(), NONE)).hasMessageContaining("names no role");
        assertThatThrownBy(() -> routes.post("/api/x", null, NONE)).hasMessageContaining("names no role");
        assertThat(routes.all()).isEmpty();
        routes.open("post", "/api/session", NONE);
        assertThat(routes.all()).singleElement().satisfies(r -> {
            assertThat(r.isOpen()).isTrue();
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.changesState()).isTrue();
        });
    }

    @Test
    void rejectsDuplicatesAndMalformedPatterns() {
        Routes routes = new Routes().get("/api/x/{id}", ADMIN, NONE);
        assertThatThrownBy(() -> routes.get("/api/x/{name}", ADMIN, NONE)).isInstanceOf(IllegalStateException.class);
        routes.put("/api/x/{id}", ADMIN, NONE);
        for (String bad : new String[] {"api/x", "/api/x/", "/api//x", "/api/{}", "/api/{a}/{a}", "/api/x{id}", "/api/{1a}"}) {
            assertThatThrownBy(() -> new Routes().get(bad, ADMIN, NONE)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new Routes().get("/api/y", ADMIN, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
