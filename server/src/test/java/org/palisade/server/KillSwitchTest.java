package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import javax.sip.header.WarningHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.audit.AuditType;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.server.testing.CliRun;
import org.palisade.server.testing.TestServer;
import org.palisade.server.testing.TestUserAgent;
import org.palisade.server.testing.TestUserAgent.Call;

/** The admin's kill switch, thrown from the CLI while the server runs. */
class KillSwitchTest {

    private static final String ALICE = "5101";
    private static final String BOB = "5102";
    private static final String PW = "a long enough password";
    private static final String AUDIO_VIDEO = TestUserAgent.SDP + "m=video 40002 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n";

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void switchingServicesOffAndOnReachesTheRunningServer(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = new TestServer(db, TestServer.settings());
             TestUserAgent alice = server.phone(ALICE, PW);
             TestUserAgent bob = server.phone(BOB, PW)) {
            alice.register();
            bob.register();

            CliRun off = CliRun.run(db.settings(), null, "service", "disable", "video", "--all");
            assertThat(off.exitCode()).as(off.err()).isZero();
            assertThat(off.out()).contains("disabled video");
            Thread.sleep(1500); // the node re-reads the switches every second

            Call video = call(alice, BOB, AUDIO_VIDEO);
            assertThat(video.awaitFinal().getStatusCode()).isEqualTo(200);
            String offered = new String(bob.awaitRequest(Request.INVITE).getRawContent(), StandardCharsets.UTF_8);
            assertThat(offered).contains("m=video 0 ");
            video.ack();
            video.bye();

            assertThat(CliRun.run(db.settings(), null, "service", "disable", "chat", "--all").exitCode()).isZero();
            Thread.sleep(1500);
            Response refused = alice.message(BOB, "are you there?");
            assertThat(refused.getStatusCode()).isEqualTo(403);
            assertThat(((WarningHeader) refused.getHeader(WarningHeader.NAME)).getText()).isEqualTo("chat is switched off for everybody");

            assertThat(CliRun.run(db.settings(), null, "service", "enable", "chat", "--all").exitCode()).isZero();
            Thread.sleep(1500);
            assertThat(alice.message(BOB, "there you are").getStatusCode()).isEqualTo(200);

            CliRun list = CliRun.run(db.settings(), null, "service", "list");
            assertThat(list.out()).containsPattern("video\\s+false").containsPattern("chat\\s+true");
            assertThat(server.audit(AuditType.CONFIG_CHANGED)).extracting(e -> e.subject())
                    .contains("service:video", "service:chat");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void liveCallsUsingTheServiceAreEndedOnBothSides(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = new TestServer(db, TestServer.settings());
             TestUserAgent alice = server.phone(ALICE, PW);
             TestUserAgent bob = server.phone(BOB, PW);
             TestUserAgent carol = new TestUserAgent("5103", PW, TestServer.DOMAIN, server.port())) {
            server.addExtension("5103", PW);
            alice.register();
            bob.register();
            carol.register();

            Call video = call(alice, BOB, AUDIO_VIDEO);
            assertThat(video.awaitFinal().getStatusCode()).isEqualTo(200);
            video.ack();
            Call voice = call(carol, BOB, TestUserAgent.SDP);
            assertThat(voice.awaitFinal().getStatusCode()).isEqualTo(200);
            voice.ack();
            assertThat(bob.awaitRequest(Request.ACK, 2)).isNotNull();

            assertThat(CliRun.run(db.settings(), null, "service", "disable", "video", "--all").exitCode()).isZero();

            Request toCaller = alice.awaitRequest(Request.BYE);
            Request toCallee = bob.awaitRequest(Request.BYE);
            assertThat(toCaller).as("the caller is hung up").isNotNull();
            assertThat(toCallee).as("the callee is hung up").isNotNull();
            assertThat(toCallee.getHeader("Reason").toString()).contains("video switched off");
            assertThat(((javax.sip.header.CallIdHeader) toCallee.getHeader(javax.sip.header.CallIdHeader.NAME)).getCallId())
                    .isEqualTo(callId(video));
            String id = callId(video);
            assertThat(server.calls().await(id, 3)).last().isEqualTo("ended SYSTEM ADMIN KILL SWITCH");

            Thread.sleep(1500);
            assertThat(bob.received(Request.BYE)).as("the voice-only call goes on").hasSize(1);
            assertThat(voice.bye().getStatusCode()).isEqualTo(200);
        }
    }

    private static String callId(Call c) {
        return ((javax.sip.header.CallIdHeader) c.invite().getHeader(javax.sip.header.CallIdHeader.NAME)).getCallId();
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void badServiceNamesAreRefused(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            CliRun bad = CliRun.run(db.settings(), null, "service", "disable", "teleport", "--all");
            assertThat(bad.exitCode()).isEqualTo(2);
            assertThat(bad.err()).contains("service:").contains("teleport");
            CliRun noScope = CliRun.run(db.settings(), null, "service", "disable", "video");
            assertThat(noScope.exitCode()).isEqualTo(2);
            assertThat(noScope.err()).contains("--all");
            CliRun external = CliRun.run(db.settings(), null, "service", "disable", "external", "--all");
            assertThat(external.out()).contains("external-out,external-in");
        }
    }

    private static Call call(TestUserAgent from, String number, String sdp) throws Exception {
        Request invite = from.request(Request.INVITE, number, from.user());
        invite.setContent(sdp, from.headers().createContentTypeHeader("application", "sdp"));
        return from.call(invite);
    }
}
