package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PalisadeConfigTest {

    @Test
    void defaultsNeedNoFile(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        PalisadeConfig c = PalisadeConfig.load(null, Map.of(), Map.of("data.dir", data.toString()));
        assertThat(c.sip().udpPort()).isEqualTo(5060);
        assertThat(c.sip().tcpPort()).isEqualTo(5060);
        assertThat(c.domain()).isEqualTo("palisade.local");
        assertThat(c.database().embeddedH2()).isTrue();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        assertThat(c.registrar().minExpires()).isEqualTo(60);
    }

    @Test
    void fileThenEnvironmentThenFlagsWin(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("palisade.properties");
        Files.writeString(file, "sip.udp-port=5070\nsip.tcp-port=5071\nsip.domain=corp.example\nlockout.max-failures=7\n");
        PalisadeConfig fileOnly = PalisadeConfig.load(file, Map.of(), Map.of());
        assertThat(fileOnly.sip().udpPort()).isEqualTo(5070);
        assertThat(fileOnly.domain()).isEqualTo("corp.example");

        Map<String, String> env = Map.of("PALISADE_SIP_UDP_PORT", "5080", "PALISADE_SIP_DOMAIN", "env.example");
        PalisadeConfig withEnv = PalisadeConfig.load(file, env, Map.of());
        assertThat(withEnv.sip().udpPort()).isEqualTo(5080);
        assertThat(withEnv.sip().tcpPort()).isEqualTo(5071);

        PalisadeConfig withFlags = PalisadeConfig.load(file, env, Map.of("sip.udp-port", "5090"));
        assertThat(withFlags.sip().udpPort()).isEqualTo(5090);
        assertThat(withFlags.domain()).isEqualTo("env.example");
        assertThat(withFlags.registrar().lockoutMaxFailures()).isEqualTo(7);
    }

    @Test
    void mistakesNameTheSetting(@TempDir Path dir) throws Exception {
        Path typo = dir.resolve("typo.properties");
        Files.writeString(typo, "sip.udp_port=5070\n");
        assertThatThrownBy(() -> PalisadeConfig.load(typo, Map.of(), Map.of())).hasMessageStartingWith("sip.udp_port: unknown setting");

        PalisadeConfig notANumber = PalisadeConfig.load(null, Map.of("PALISADE_SIP_TCP_PORT", "fifty"), Map.of());
        assertThatThrownBy(notANumber::sip).hasMessageStartingWith("sip.tcp-port:");

        assertThatThrownBy(() -> PalisadeConfig.load(dir.resolve("missing.properties"), Map.of(), Map.of()))
                .hasMessageStartingWith("--config:");
        assertThatThrownBy(() -> PalisadeConfig.load(null, Map.of(), Map.of("db.url", "mysql://x")).database())
                .hasMessageStartingWith("db.url:");
        assertThatThrownBy(() -> PalisadeConfig.load(null, Map.of(), Map.of("registrar.default-expires", "10")).registrar())
                .hasMessageStartingWith("registrar.default-expires");
    }

    @Test
    void theNoAnswerTimeoutIsConfigurable() {
        assertThat(PalisadeConfig.load(null, Map.of(), Map.of()).proxy().noAnswerTimeout()).hasSeconds(60);
        assertThat(PalisadeConfig.load(null, Map.of("PALISADE_PROXY_NO_ANSWER_SECONDS", "25"), Map.of()).proxy().noAnswerTimeout())
                .hasSeconds(25);
        assertThatThrownBy(() -> PalisadeConfig.load(null, Map.of(), Map.of("proxy.no-answer-seconds", "0")).proxy())
                .hasMessageStartingWith("proxy.no-answer-seconds:");
    }

    @Test
    void mediaIsAnchoredOnAnEmbeddedRelayByDefaultAndBadRelaySettingsAreNamed() {
        PalisadeConfig defaults = PalisadeConfig.load(null, Map.of(), Map.of());
        assertThat(defaults.proxy().anchor()).isEqualTo(org.palisade.core.media.AnchorPolicy.ALL);
        assertThat(defaults.proxy().mediaTimeout()).hasSeconds(60);
        assertThat(defaults.embeddedRelay().ngPort()).isEqualTo(22222);
        assertThat(defaults.embeddedRelay().portMin()).isEqualTo(20000);
        assertThat(defaults.embeddedRelay().mediaInterfaces()).singleElement()
                .satisfies(i -> assertThat(i.advertised().getHostAddress()).isEqualTo("127.0.0.1"));

        assertThat(PalisadeConfig.load(null, Map.of(), Map.of("relay.embedded", "false")).embeddedRelay()).isNull();
        assertThatThrownBy(() -> PalisadeConfig.load(null, Map.of(), Map.of("relay.anchor", "some")).proxy())
                .hasMessageStartingWith("relay.anchor:");
        assertThatThrownBy(() -> PalisadeConfig.load(null, Map.of(), Map.of("relay.ports", "30000")).embeddedRelay())
                .hasMessageStartingWith("relay.ports:");
        assertThatThrownBy(() -> PalisadeConfig.load(null, Map.of(), Map.of("relay.ng", "relay.example:1")).embeddedRelay())
                .hasMessageStartingWith("relay.ng:");
        assertThatThrownBy(() -> PalisadeConfig.load(null, Map.of(), Map.of("relay.media-timeout-seconds", "0")).proxy())
                .hasMessageStartingWith("relay.media-timeout-seconds:");
        assertThatThrownBy(() -> PalisadeConfig.load(null, Map.of(), Map.of("relay.embedded", "yes")).embeddedRelay())
                .hasMessageStartingWith("relay.embedded:");
    }
}
