package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palisade.server.testing.TestTls;
import org.palisade.web.WebSettings;

class WebConfigTest {

    private static WebSettings settings(Map<String, String> flags) {
        return WebConfig.settings(PalisadeConfig.load(null, Map.of(), flags));
    }

    @Test
    void defaultsAreLoopbackPlainHttpAndTheIssuesTimeouts() {
        PalisadeConfig c = PalisadeConfig.load(null, Map.of(), Map.of());
        assertThat(WebConfig.enabled(c)).isTrue();
        WebSettings s = WebConfig.settings(c);
        assertThat(s.bind()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.https()).isFalse();
        assertThat(s.healthIsPublic()).as("public on loopback").isTrue();
        assertThat(s.sessionIdle()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.sessionMax()).isEqualTo(Duration.ofHours(8));
        assertThat(s.loginMaxFailures()).isEqualTo(5);
        assertThat(s.loginLock()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void settingsComeFromTheEnvironmentAndFlagsToo() {
        PalisadeConfig c = PalisadeConfig.load(null, Map.of("PALISADE_HTTP_SESSION_IDLE_SECONDS", "60", "PALISADE_HTTP_ENABLED", "false"),
                Map.of("http.port", "0", "http.bind", "::1", "http.public-health", "false"));
        assertThat(WebConfig.enabled(c)).isFalse();
        WebSettings s = WebConfig.settings(c);
        assertThat(s.port()).isZero();
        assertThat(s.sessionIdle()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.healthIsPublic()).isFalse();
        assertThat(settings(Map.of("http.bind", "0.0.0.0")).healthIsPublic()).as("not loopback: login needed").isFalse();
    }

    @Test
    void directoryLoginRecheckIsFiveMinutesUnlessConfigured() {
        assertThat(WebConfig.directoryRecheck(PalisadeConfig.load(null, Map.of(), Map.of()))).isEqualTo(Duration.ofMinutes(5));
        assertThat(WebConfig.directoryRecheck(PalisadeConfig.load(null, Map.of(), Map.of("http.directory-recheck-seconds", "45"))))
                .isEqualTo(Duration.ofSeconds(45));
        assertThat(WebConfig.directoryRecheck(PalisadeConfig.load(null, Map.of("PALISADE_HTTP_DIRECTORY_RECHECK_SECONDS", "90"),
                Map.of()))).isEqualTo(Duration.ofSeconds(90));
        for (String bad : new String[] {"0", "-1", "five", ""}) {
            PalisadeConfig c = PalisadeConfig.load(null, Map.of(), Map.of("http.directory-recheck-seconds", bad));
            assertThatThrownBy(() -> WebConfig.directoryRecheck(c)).as(bad).hasMessageStartingWith("http.directory-recheck-seconds:");
            // serve checks all web settings before it starts anything, this one included
            assertThatThrownBy(() -> WebConfig.settings(c)).as(bad).hasMessageStartingWith("http.directory-recheck-seconds:");
        }
    }

    @Test
    void mistakesNameTheSetting(@TempDir Path dir) throws Exception {
        Map<String, String> cases = Map.of(
                "http.port", "fifty", "http.bind", "no.such.host.invalid", "http.public-health", "yes",
                "http.session-idle-seconds", "0", "http.login-max-failures", "0", "http.login-lock-seconds", "-5");
        cases.forEach((key, value) -> assertThatThrownBy(() -> settings(Map.of(key, value))).as(key).hasMessageStartingWith(key + ":"));
        assertThatThrownBy(() -> settings(Map.of("http.port", "70000"))).hasMessageStartingWith("http.port:");
        assertThatThrownBy(() -> settings(Map.of("http.session-idle-seconds", "600", "http.session-max-seconds", "60")))
                .hasMessageStartingWith("http.session-max-seconds:");
        assertThatThrownBy(() -> WebConfig.enabled(PalisadeConfig.load(null, Map.of(), Map.of("http.enabled", "maybe"))))
                .hasMessageStartingWith("http.enabled:");

        assertThatThrownBy(() -> settings(Map.of("http.tls-keystore", dir.resolve("none.p12").toString(),
                "http.tls-keystore-password", "x"))).hasMessageStartingWith("http.tls-keystore: no such file");
        Path keystore = TestTls.keystore(dir, "web", "palisade.test", "right-password");
        assertThatThrownBy(() -> settings(Map.of("http.tls-keystore", keystore.toString())))
                .hasMessageStartingWith("http.tls-keystore-password: required");
        assertThatThrownBy(() -> settings(Map.of("http.tls-keystore", keystore.toString(), "http.tls-keystore-password", "wrong")))
                .hasMessageStartingWith("http.tls-keystore-password: wrong password");
        assertThat(settings(Map.of("http.tls-keystore", keystore.toString(), "http.tls-keystore-password", "right-password")).https())
                .isTrue();
    }
}
