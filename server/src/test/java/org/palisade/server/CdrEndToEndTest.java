package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.admin.Administration;
import org.palisade.core.admin.ExtensionChange;
import org.palisade.core.rights.ServiceRight;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.server.testing.TestPhone;
import org.palisade.server.testing.TestServer;
import org.palisade.server.testing.TestUserAgent;
import org.palisade.server.testing.TestUserAgent.Call;

/** Calls through a node configured like `serve`, down to the rows finance reads. */
class CdrEndToEndTest {

    private static final String PW = "a long enough password";
    private static final String AUDIO_VIDEO = TestUserAgent.SDP + "m=video 40002 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n";

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void answeredAndBlockedCallsLandWithTheirMedia(TestDb kind, @TempDir Path dir) throws Exception {
        int port = TestPhone.freeUdpPort();
        PalisadeConfig config = TestServer.serveConfig(dir, port);
        try (TestDatabase db = TestDatabase.create(kind);
             TestUserAgent alice = new TestUserAgent("7001", PW, TestServer.DOMAIN, port);
             TestUserAgent bob = new TestUserAgent("7002", PW, TestServer.DOMAIN, port);
             TestUserAgent carol = new TestUserAgent("7003", PW, TestServer.DOMAIN, port)) {
            Administration admin = new Administration(db.database(), TestServer.DOMAIN, Clock.systemUTC());
            admin.addProfile("test", "voice-only", EnumSet.of(ServiceRight.VOICE));
            admin.addProfile("test", "chat-only", EnumSet.of(ServiceRight.CHAT));
            for (String n : new String[] {"7001", "7002", "7003"}) {
                admin.addExtension("test", n, "User " + n, null, null, PW.toCharArray());
            }
            admin.updateExtension("test", "7002", new ExtensionChange(null, null, "voice-only", null, null));
            admin.updateExtension("test", "7003", new ExtensionChange(null, null, "chat-only", null, null));

            PalisadeNode node = PalisadeNode.recordingCalls(db.database(), config.sip(), config.registrar(), config.proxy(),
                    config.cdrSpool(), Clock.systemUTC());
            String answered;
            String blocked;
            try {
                node.start();
                alice.register();
                bob.register();
                carol.register();

                Call video = call(alice, "7002", AUDIO_VIDEO);
                assertThat(video.awaitFinal().getStatusCode()).isEqualTo(200);
                video.ack();
                assertThat(bob.awaitRequest(Request.ACK)).isNotNull();
                Thread.sleep(1100);
                assertThat(video.bye().getStatusCode()).isEqualTo(200);
                answered = callId(video);

                Call refused = call(carol, "7001", TestUserAgent.SDP);
                assertThat(refused.awaitFinal().getStatusCode()).isEqualTo(403);
                blocked = callId(refused);
            } finally {
                node.close(); // flushes the spool
            }

            assertThat(db.queryString("SELECT CONCAT(caller, '>', callee, '|', disposition, '|', sip_code, '|', hangup_by, '|', "
                    + "media_offered, '|', media_used) FROM cdr WHERE call_id = '" + answered + "'"))
                    .isEqualTo("7001>7002|ANSWERED|200|CALLER|audio,video|audio");
            assertThat(Integer.parseInt(db.queryString("SELECT billsec FROM cdr WHERE call_id = '" + answered + "'"))).isBetween(1, 3);
            assertThat(db.queryString("SELECT CONCAT(disposition, '|', sip_code, '|', media_offered) FROM cdr WHERE call_id = '"
                    + blocked + "'")).isEqualTo("BLOCKED BY POLICY|403|audio");
        }
    }

    private static Call call(TestUserAgent from, String number, String sdp) throws Exception {
        Request invite = from.request(Request.INVITE, number, from.user());
        invite.setContent(sdp, from.headers().createContentTypeHeader("application", "sdp"));
        return from.call(invite);
    }

    private static String callId(Call c) {
        return ((CallIdHeader) c.invite().getHeader(CallIdHeader.NAME)).getCallId();
    }
}
