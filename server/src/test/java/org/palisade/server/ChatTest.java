package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import javax.sip.address.SipURI;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.DateHeader;
import javax.sip.header.FromHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.admin.ExtensionChange;
import org.palisade.core.audit.AuditType;
import org.palisade.core.chat.ChatMessage;
import org.palisade.core.chat.ChatQuery;
import org.palisade.core.chat.ChatState;
import org.palisade.core.rights.ServiceRight;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.server.testing.TestServer;
import org.palisade.server.testing.TestUserAgent;
import org.palisade.sip.proxy.ProxySettings;

/** MESSAGE through Palisade over loopback: archived, stored for offline extensions, delivered on registration, expired. */
class ChatTest {

    private static final String ALICE = "6001";
    private static final String BOB = "6002";
    private static final String PW = "a long enough password";

    private static List<ChatMessage> archive(TestServer server, String extension) {
        return server.node().database().inTransaction(tx -> tx.chats().list(new ChatQuery(extension, null, null, 100)));
    }

    /** The newest archived message of {@code extension}, once it reaches {@code state} (the final state is written after the answer). */
    private static ChatMessage awaitState(TestServer server, String extension, ChatState state) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        ChatMessage m = null;
        while (System.currentTimeMillis() < deadline) {
            List<ChatMessage> all = archive(server, extension);
            m = all.isEmpty() ? null : all.get(0);
            if (m != null && m.state() == state) {
                return m;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("archive of " + extension + " never reached " + state + ": " + m);
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void anOnlineMessageIsDeliveredArchivedAndAudited(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = new TestServer(db, TestServer.settings());
             TestUserAgent alice = server.phone(ALICE, PW);
             TestUserAgent bob = server.phone(BOB, PW)) {
            alice.register();
            bob.register();
            long before = System.currentTimeMillis();

            assertThat(alice.message(BOB, "Lunch at noon? Ünïcödé").getStatusCode()).isEqualTo(200);
            assertThat(new String(bob.awaitRequest(Request.MESSAGE).getRawContent(), StandardCharsets.UTF_8))
                    .isEqualTo("Lunch at noon? Ünïcödé");
            ChatMessage m = awaitState(server, BOB, ChatState.DELIVERED);
            assertThat(m.sender()).isEqualTo(ALICE);
            assertThat(m.recipient()).isEqualTo(BOB);
            assertThat(m.contentType()).isEqualTo("text/plain");
            assertThat(m.body()).isEqualTo("Lunch at noon? Ünïcödé");
            assertThat(m.sipCode()).isEqualTo(200);
            assertThat(m.sentAtMillis()).isBetween(before, System.currentTimeMillis());
            assertThat(m.callId()).isNotBlank();
            assertThat(m.source()).startsWith("127.0.0.1:" + alice.localPort());
            assertThat(server.audit(AuditType.CHAT_MESSAGE)).singleElement().satisfies(e -> {
                assertThat(e.actor()).isEqualTo(ALICE);
                assertThat(e.subject()).isEqualTo(BOB);
                assertThat(e.details()).contains("text/plain").contains("\"size\":" + m.sizeBytes()).doesNotContain("Lunch");
            });

            // No such extension: refused, and still archived.
            assertThat(alice.message("6999", "anyone?").getStatusCode()).isEqualTo(404);
            assertThat(archive(server, "6999")).singleElement().satisfies(x -> {
                assertThat(x.state()).isEqualTo(ChatState.FAILED);
                assertThat(x.sipCode()).isEqualTo(404);
            });
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void anOfflineMessageIsStoredAndDeliveredWithItsOriginalDateWhenTheRecipientRegisters(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = new TestServer(db, TestServer.settings());
             TestUserAgent alice = server.phone(ALICE, PW);
             TestUserAgent bob = server.phone(BOB, PW)) {
            alice.register();

            Response first = alice.message(BOB, "first, while you were out");
            assertThat(first.getStatusCode()).isEqualTo(202);
            Request html = alice.request(Request.MESSAGE, BOB, ALICE);
            html.setContent("<b>second</b>", alice.headers().createContentTypeHeader("text", "html"));
            assertThat(alice.sendAuthenticated(html).getStatusCode()).isEqualTo(202);
            List<ChatMessage> stored = archive(server, BOB);
            assertThat(stored).extracting(ChatMessage::state).containsExactly(ChatState.STORED, ChatState.STORED);
            assertThat(server.audit(AuditType.CHAT_MESSAGE)).hasSize(2);

            Thread.sleep(1_100); // so that the original Date differs from the delivery time
            bob.register();
            Request one = bob.awaitRequest(Request.MESSAGE, 1);
            Request two = bob.awaitRequest(Request.MESSAGE, 2);
            assertThat(one).isNotNull();
            assertThat(two).isNotNull();
            assertThat(new String(one.getRawContent(), StandardCharsets.UTF_8)).isEqualTo("first, while you were out");
            assertThat(new String(two.getRawContent(), StandardCharsets.UTF_8)).isEqualTo("<b>second</b>");
            assertThat(((ContentTypeHeader) two.getHeader(ContentTypeHeader.NAME)).getContentSubType()).isEqualTo("html");
            SipURI from = (SipURI) ((FromHeader) one.getHeader(FromHeader.NAME)).getAddress().getURI();
            assertThat(from.getUser()).isEqualTo(ALICE);
            assertThat(from.getHost()).isEqualTo(TestServer.DOMAIN);
            ChatMessage oldest = stored.get(1);
            // RFC 3261 20.17 (RFC 1123 format, GMT), with the time the message was sent, to the second.
            String date = one.getHeader(DateHeader.NAME).toString().substring("Date:".length()).trim();
            assertThat(ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().getEpochSecond())
                    .isEqualTo(oldest.sentAtMillis() / 1000);
            assertThat(date).endsWith("GMT");

            awaitState(server, BOB, ChatState.DELIVERED);
            assertThat(archive(server, BOB)).extracting(ChatMessage::state).containsOnly(ChatState.DELIVERED);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aStoredMessageExpiresAndIsNeverDelivered(TestDb kind) throws Exception {
        ProxySettings shortStore = new ProxySettings(Duration.ofSeconds(60), Duration.ofSeconds(1));
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = new TestServer(db, TestServer.settings(), shortStore);
             TestUserAgent alice = server.phone(ALICE, PW);
             TestUserAgent bob = server.phone(BOB, PW)) {
            alice.register();
            assertThat(alice.message(BOB, "too late").getStatusCode()).isEqualTo(202);

            ChatMessage expired = awaitState(server, BOB, ChatState.EXPIRED); // the sweep, within about a second
            assertThat(expired.body()).isEqualTo("too late");
            bob.register();
            Thread.sleep(1_000);
            assertThat(bob.received(Request.MESSAGE)).isEmpty();
            assertThat(archive(server, BOB)).singleElement().extracting(ChatMessage::state).isEqualTo(ChatState.EXPIRED);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aMessageRefusedByRightsIsArchivedBlocked(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = new TestServer(db, TestServer.settings());
             TestUserAgent alice = server.phone(ALICE, PW);
             TestUserAgent bob = server.phone(BOB, PW)) {
            server.admin().addProfile("test", "voice-only", EnumSet.of(ServiceRight.VOICE));
            server.admin().updateExtension("test", BOB, new ExtensionChange(null, null, "voice-only", null, null));
            alice.register();
            bob.register();

            assertThat(alice.message(BOB, "can you read this?").getStatusCode()).isEqualTo(403);
            assertThat(bob.received(Request.MESSAGE)).isEmpty();
            assertThat(archive(server, BOB)).singleElement().satisfies(m -> {
                assertThat(m.state()).isEqualTo(ChatState.BLOCKED);
                assertThat(m.sipCode()).isEqualTo(403);
                assertThat(m.body()).isEqualTo("can you read this?");
            });
            assertThat(server.audit(AuditType.CHAT_MESSAGE)).hasSize(1);
            long deadline = System.currentTimeMillis() + 5_000; // the proxy audits the refusal after it has answered
            while (server.audit(AuditType.POLICY_BLOCKED).isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(server.audit(AuditType.POLICY_BLOCKED)).hasSize(1);
        }
    }
}
