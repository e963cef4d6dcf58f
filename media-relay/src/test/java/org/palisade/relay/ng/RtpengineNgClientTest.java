package org.palisade.relay.ng;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.palisade.relay.node.RelayNode;
import org.palisade.relay.node.RelaySettings;

/**
 * Palisade's relay driven by rtpengine's own command-line client (Debian's rtpengine-utils), the
 * same Perl NGCP::Rtpengine code path Kamailio setups are tested with: if it can drive the relay
 * through a call, so can the rtpengine module. A missing client is a failure, not a skip: CI
 * installs it (.ci/run).
 */
class RtpengineNgClientTest {

    private static final Path CLIENT = Path.of("/usr/bin/rtpengine-ng-client");

    private RelayNode node;

    @BeforeEach
    void start() throws IOException {
        assertThat(Files.isExecutable(CLIENT))
                .as(CLIENT + " is missing: install Debian's rtpengine-utils (.ci/run does)").isTrue();
        node = new RelayNode(new RelaySettings("127.0.0.1", 0, 47200, 47219, List.of(), 1, Duration.ofHours(1)));
        node.start();
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.stop();
        }
    }

    private record Run(int exit, String out) {
    }

    private Run client(String command, String... options) throws Exception {
        List<String> argv = new ArrayList<>(List.of(CLIENT.toString(), "--proxy-address=127.0.0.1", "--proxy-port=" + node.ngPort()));
        argv.addAll(List.of(options));
        argv.add(command);
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        // the client waits for a reply for ever: a relay that does not answer must fail the test, not hang it
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("rtpengine-ng-client " + command + " got no reply within 15 s");
        }
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static String newSdp(Run r) {
        Matcher m = Pattern.compile("New SDP:\\n-----8<-----8<-----8<-----8<-----8<-----\\n(.*?)\\n----->8", Pattern.DOTALL).matcher(r.out());
        assertThat(m.find()).as("a New SDP section in:\n" + r.out()).isTrue();
        return m.group(1);
    }

    @Test
    void drivesACallFromPingToDelete() throws Exception {
        Run ping = client("ping");
        assertThat(ping.exit()).as(ping.out()).isZero();
        assertThat(ping.out()).contains("result => 'pong'");

        String callerSdp = "v=0\r\no=caller 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n"
                + "m=audio 40000 RTP/AVP 0 8\r\na=rtpmap:8 PCMA/8000\r\na=candidate:1 1 UDP 1 192.0.2.10 40000 typ host\r\na=sendrecv\r\n";
        Run offer = client("offer", "--call-id=ngc-1", "--from-tag=caller", "--sdp=" + callerSdp, "--replace-origin",
                "--replace-session-connection", "--ICE=remove", "--rtcp-mux=demux", "--trust-address");
        assertThat(offer.exit()).as(offer.out()).isZero();
        String toCallee = newSdp(offer);
        assertThat(toCallee).contains("o=caller 1 1 IN IP4 127.0.0.1").contains("c=IN IP4 127.0.0.1").contains("a=rtpmap:8 PCMA/8000")
                .doesNotContain("192.0.2.10").doesNotContain("candidate");
        int calleePort = port(toCallee);
        assertThat(calleePort).isBetween(47200, 47219);

        String calleeSdp = "v=0\r\no=callee 5 5 IN IP4 192.0.2.20\r\ns=-\r\nc=IN IP4 192.0.2.20\r\nt=0 0\r\nm=audio 50000 RTP/AVP 8\r\n";
        Run answer = client("answer", "--call-id=ngc-1", "--from-tag=caller", "--to-tag=callee", "--sdp=" + calleeSdp,
                "--replace-origin", "--replace-session-connection");
        assertThat(answer.exit()).as(answer.out()).isZero();
        String toCaller = newSdp(answer);
        assertThat(toCaller).contains("c=IN IP4 127.0.0.1").doesNotContain("192.0.2.20");
        assertThat(port(toCaller)).isBetween(47200, 47219).isNotEqualTo(calleePort);

        Run query = client("query", "--call-id=ngc-1");
        assertThat(query.exit()).as(query.out()).isZero();
        assertThat(query.out()).contains("totals").contains("'in dialogue with' => 'callee'")
                .contains("'local port' => '" + calleePort + "'").contains("address => '192.0.2.20'").contains("'last packet ms' =>");

        Run list = client("list");
        assertThat(list.exit()).as(list.out()).isZero();
        assertThat(list.out()).contains("'ngc-1'");

        Run delete = client("delete", "--call-id=ngc-1", "--from-tag=caller");
        assertThat(delete.exit()).as(delete.out()).isZero();
        assertThat(delete.out()).contains("totals").contains("RTP");
        assertThat(node.stats().activeCalls()).isZero();

        Run unknown = client("query", "--call-id=ngc-1");
        assertThat(unknown.exit()).isNotZero();
        assertThat(unknown.out()).contains("Error reason: \"Unknown call-id\"");
    }

    private static int port(String sdp) {
        Matcher m = Pattern.compile("m=audio (\\d+) ").matcher(sdp);
        assertThat(m.find()).as("an m=audio line in " + sdp).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
