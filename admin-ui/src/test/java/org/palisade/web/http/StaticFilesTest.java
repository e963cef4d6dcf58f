package org.palisade.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StaticFilesTest {

    @Test
    void servesKnownTypesOnlyAndNothingOutsideTheFolder() {
        assertThat(StaticFiles.typeOf("/index.html")).isEqualTo("text/html; charset=utf-8");
        assertThat(StaticFiles.typeOf("/js/app.JS")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(StaticFiles.typeOf("/img/logo.svg")).isEqualTo("image/svg+xml");
        for (String refused : new String[] {"/../pom.xml", "/a/../../b.html", "/.hidden.css", "/x//y.css", "/a\\b.css",
                "/Main.class", "/%2e%2e/pom.xml", "/logback.xml", "/noextension", "/dir/", "relative.html"}) {
            assertThat(StaticFiles.typeOf(refused)).as(refused).isNull();
        }
    }
}
