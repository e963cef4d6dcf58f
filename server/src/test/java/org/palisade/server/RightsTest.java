package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import javax.sip.header.CallIdHeader;
import javax.sip.header.WarningHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.admin.ExtensionChange;
import org.palisade.core.audit.AuditType;
import org.palisade.core.rights.ServiceRight;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.server.testing.TestServer;
import org.palisade.server.testing.TestUserAgent;
import org.palisade.server.testing.TestUserAgent.Call;

/** Service rights enforced on the signalling, for caller and callee, as the phones see it. */
class RightsTest {

    private static final String ALICE = "5001";
    private static final String BOB = "5002";
    private static final String PW = "a long enough password";
    private static final String AUDIO_VIDEO = TestUserAgent.SDP + "m=video 40002 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n";

    private static void profile(TestServer server, String extension, String name, ServiceRight... rights) {
        var admin = server.admin();
        if (admin.profiles().stream().noneMatch(p -> p.name().equals(name))) {
            admin.addProfile("test", name, rights.length == 0 ? EnumSet.noneOf(ServiceRight.class) : EnumSet.of(rights[0], rights));
        }
        admin.updateExtension("test", extension, new ExtensionChange(null, null, name, null, null));
    }

    private static Call call(TestUserAgent from, String number, String sdp) throws Exception {
        Request invite = from.request(Request.INVITE, number, from.user());
        invite.setContent(sdp, from.headers().createContentTypeHeader("application", "sdp"));
        return from.call(invite);
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void videoIsDroppedWhenTheCalleeMayNotUseIt(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = new TestServer(db, TestServer.settings());
             TestUserAgent alice = server.phone(ALICE, PW);
             TestUserAgent bob = server.phone(BOB, PW)) {
            profile(server, BOB, "voice-only", ServiceRight.VOICE);
            alice.register();
            bob.register();

            Call c = call(alice, BOB, AUDIO_VIDEO);
            assertThat(c.awaitFinal().getStatusCode()).isEqualTo(200);
            String offered = new String(bob.awaitRequest(Request.INVITE).getRawContent(), StandardCharsets.UTF_8);
            assertThat(offered).contains("m=audio 40000 RTP/AVP 0").contains("m=video 0 RTP/AVP 96");
            assertThat(server.audit(AuditType.POLICY_BLOCKED)).singleElement().satisfies(e -> {
                assertThat(e.actor()).isEqualTo(ALICE);
                assertThat(e.subject()).isEqualTo(BOB);
                assertThat(e.details()).contains("video").contains("media removed");
            });
            c.ack();
            c.bye();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aCallWithNoAllowedMediumIsRefusedNamingTheRight(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = new TestServer(db, TestServer.settings());
             TestUserAgent alice = server.phone(ALICE, PW);
             TestUserAgent bob = server.phone(BOB, PW)) {
            profile(server, ALICE, "chat-only", ServiceRight.CHAT);
            alice.register();
            bob.register();

            Call c = call(alice, BOB, TestUserAgent.SDP);
            Response refused = c.awaitFinal();
            assertThat(refused.getStatusCode()).isEqualTo(403);
            assertThat(refused.getReasonPhrase()).contains("voice");
            assertThat(((WarningHeader) refused.getHeader(WarningHeader.NAME)).getText()).isEqualTo(ALICE + " lacks the voice right");
            assertThat(bob.received(Request.INVITE)).as("the callee never rings").isEmpty();
            String callId = ((CallIdHeader) c.invite().getHeader(CallIdHeader.NAME)).getCallId();
            assertThat(server.calls().await(callId, 2)).last().asString().endsWith("403 BLOCKED_BY_POLICY");
            assertThat(server.audit(AuditType.POLICY_BLOCKED)).singleElement()
                    .satisfies(e -> assertThat(e.details()).contains("\"right\":\"voice\""));

            // The callee's rights count too.
            profile(server, ALICE, "default");
            profile(server, BOB, "chat-only2", ServiceRight.CHAT);
            Response calleeSide = call(alice, BOB, TestUserAgent.SDP).awaitFinal();
            assertThat(((WarningHeader) calleeSide.getHeader(WarningHeader.NAME)).getText()).isEqualTo(BOB + " lacks the voice right");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void messagesNeedChatAndFilesNeedFileTransfer(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = new TestServer(db, TestServer.settings());
             TestUserAgent alice = server.phone(ALICE, PW);
             TestUserAgent bob = server.phone(BOB, PW)) {
            alice.register();
            bob.register();
            assertThat(alice.message(BOB, "hello").getStatusCode()).isEqualTo(200);

            profile(server, ALICE, "voice-only", ServiceRight.VOICE);
            Response noChat = alice.message(BOB, "hello again");
            assertThat(noChat.getStatusCode()).isEqualTo(403);
            assertThat(((WarningHeader) noChat.getHeader(WarningHeader.NAME)).getText()).isEqualTo(ALICE + " lacks the chat right");

            profile(server, ALICE, "chat-only", ServiceRight.CHAT);
            Request file = alice.request(Request.MESSAGE, BOB, ALICE);
            file.setContent(new byte[] {1, 2, 3}, alice.headers().createContentTypeHeader("application", "pdf"));
            Response noFiles = alice.sendAuthenticated(file);
            assertThat(noFiles.getStatusCode()).isEqualTo(403);
            assertThat(((WarningHeader) noFiles.getHeader(WarningHeader.NAME)).getText()).contains("file-transfer");
            assertThat(bob.received(Request.MESSAGE)).hasSize(1);
        }
    }
}
