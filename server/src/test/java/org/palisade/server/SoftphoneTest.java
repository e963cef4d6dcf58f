package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import javax.sip.header.CallIdHeader;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.ServerHeader;
import javax.sip.header.UserAgentHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palisade.core.location.Binding;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.registrar.RegistrarSettings;
import org.palisade.server.testing.Baresip;
import org.palisade.server.testing.TestServer;
import org.palisade.server.testing.TestUserAgent;
import org.palisade.server.testing.TestUserAgent.Call;
import org.palisade.sip.proxy.ProxySettings;

/**
 * A real softphone from Debian, baresip, registering with Palisade and calling through it, to and
 * from a JAIN-SIP test phone. baresip must be installed ({@code .ci/run} does it): without it
 * these tests fail, they never skip.
 */
class SoftphoneTest {

    private static final String SOFTPHONE = "4001";
    private static final String PW_SOFTPHONE = "baresip-4001-secret-pw";
    private static final String DESK = "4002";
    private static final String PW_DESK = "the desk phone's long password";

    /**
     * Debian 12's baresip 1.0.0 (libre 1.1.0) answers only MD5 digest challenges, and gives up
     * with "Function not implemented" on a 401/407 that carries any other algorithm, even when an
     * MD5 challenge comes first. So this server offers MD5 alone ({@code auth.algorithms=MD5}).
     */
    static RegistrarSettings md5Only() {
        return new RegistrarSettings(TestServer.DOMAIN, 60, 3600, 3600, 10, Duration.ofMinutes(5), 5, Duration.ofMinutes(10),
                Duration.ofMinutes(15), Duration.ofSeconds(10), List.of("MD5"));
    }

    @Test
    void baresipRegistersThenCallsADeskPhoneAndHangsUp(@TempDir Path dir) throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDb.H2);
             TestServer server = new TestServer(db, md5Only(), ProxySettings.defaults());
             TestUserAgent desk = new TestUserAgent(DESK, PW_DESK, TestServer.DOMAIN, server.port())) {
            server.addExtension(SOFTPHONE, PW_SOFTPHONE);
            server.addExtension(DESK, PW_DESK);
            desk.register();
            try (Baresip baresip = Baresip.start(dir.resolve("baresip"), SOFTPHONE, PW_SOFTPHONE, server.port())) {
                Supplier<String> log = baresip::log;
                Binding binding = awaitBinding(server, baresip);
                assertThat(binding.sourcePort()).as(log).isEqualTo(baresip.sipPort());
                assertThat(binding.transport()).as(log).isEqualToIgnoringCase("udp");

                baresip.dial(DESK);
                Request invite = desk.awaitRequest(Request.INVITE);
                assertThat(invite).as(() -> "the desk phone got no INVITE from baresip\n" + baresip.log()).isNotNull();
                assertThat(String.valueOf(invite.getHeader(UserAgentHeader.NAME)))
                        .as(log).containsIgnoringCase("baresip");
                assertThat(invite.getRequestURI().toString()).as(log).isEqualTo(desk.contact());
                assertThat(((ViaHeader) invite.getHeader(ViaHeader.NAME)).getPort()).as("it came through Palisade")
                        .isEqualTo(server.port());
                assertThat(invite.getHeader(RecordRouteHeader.NAME)).as(log).isNotNull();
                assertThat(invite.getHeader("Proxy-Authorization")).as("Palisade consumed baresip's credentials").isNull();

                // The desk phone rings and answers; baresip acknowledges the 200 through Palisade.
                baresip.awaitEvent("CALL_ESTABLISHED", 10);
                assertThat(desk.awaitRequest(Request.ACK)).as(() -> "no ACK from baresip\n" + baresip.log()).isNotNull();

                baresip.hangup();
                assertThat(desk.awaitRequest(Request.BYE)).as(() -> "no BYE from baresip\n" + baresip.log()).isNotNull();
                baresip.awaitEvent("CALL_CLOSED", 10);

                String callId = ((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId();
                assertThat(server.calls().await(callId, 3)).as(log).containsExactly(
                        "started " + SOFTPHONE + "->" + DESK + " INTERNAL", "answered", "ended CALLER BYE");
            }
        }
    }

    @Test
    void aDeskPhoneCallsBaresipWhichAnswersByItselfAndHangsUp(@TempDir Path dir) throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDb.H2);
             TestServer server = new TestServer(db, md5Only(), ProxySettings.defaults());
             TestUserAgent desk = new TestUserAgent(DESK, PW_DESK, TestServer.DOMAIN, server.port())) {
            server.addExtension(SOFTPHONE, PW_SOFTPHONE);
            server.addExtension(DESK, PW_DESK);
            desk.register();
            try (Baresip baresip = Baresip.start(dir.resolve("baresip"), SOFTPHONE, PW_SOFTPHONE, server.port())) {
                Supplier<String> log = baresip::log;
                awaitBinding(server, baresip);

                Call call = desk.call(SOFTPHONE);
                Response ok = call.awaitFinal(10);
                assertThat(ok).as(() -> "baresip did not answer\n" + baresip.log()).isNotNull();
                assertThat(ok.getStatusCode()).as(log).isEqualTo(200);
                assertThat(ok.getHeader(RecordRouteHeader.NAME)).as(log).isNotNull();
                assertThat(String.valueOf(ok.getHeader(ServerHeader.NAME))).as(log).containsIgnoringCase("baresip");
                call.ack();
                baresip.awaitEvent("CALL_ESTABLISHED", 10);

                // The callee, baresip, hangs up: its BYE reaches the desk phone through Palisade.
                baresip.hangup();
                Request bye = desk.awaitRequest(Request.BYE);
                assertThat(bye).as(() -> "no BYE from baresip\n" + baresip.log()).isNotNull();
                assertThat(bye.getRequestURI().toString()).as(log).isEqualTo(desk.contact());
                baresip.awaitEvent("CALL_CLOSED", 10);

                String callId = ((CallIdHeader) call.invite().getHeader(CallIdHeader.NAME)).getCallId();
                assertThat(server.calls().await(callId, 3)).as(log).containsExactly(
                        "started " + DESK + "->" + SOFTPHONE + " INTERNAL", "answered", "ended CALLEE BYE");
            }
        }
    }

    /** Waits up to 10 s for baresip's binding, recognised by its User-Agent, and returns it. */
    private static Binding awaitBinding(TestServer server, Baresip baresip) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (Binding b : server.node().registrar().lookup(SOFTPHONE)) {
                if (b.userAgent() != null && b.userAgent().toLowerCase().contains("baresip")) {
                    return b;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("baresip did not register as " + SOFTPHONE + " within 10 s; bindings "
                + server.node().registrar().lookup(SOFTPHONE) + "\n" + baresip.log());
    }
}
