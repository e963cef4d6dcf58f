package org.palisade.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditQuery;
import org.palisade.core.audit.AuditType;
import org.palisade.core.chat.ChatArchive;
import org.palisade.core.chat.ChatMessage;
import org.palisade.core.chat.ChatQuery;
import org.palisade.core.chat.ChatState;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;

class ChatStoreTest {

    private static final long T0 = 1_764_064_800_000L;

    private static ChatArchive archive(TestDatabase db, long nowMillis) {
        return new ChatArchive(db.database(), Clock.fixed(Instant.ofEpochMilli(nowMillis), ZoneOffset.UTC), Duration.ofHours(72));
    }

    private static List<ChatMessage> list(TestDatabase db, ChatQuery q) {
        return db.database().inTransaction(tx -> tx.chats().list(q));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aMessageIsArchivedWithItsAuditEntryAndComesBackWhole(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            String text = "Grüße, 100% sicher 🙂\r\nzweite Zeile";
            ChatMessage m = archive(db, T0).archive("1001", "1002", "text/plain;charset=UTF-8", utf8(text), "c1@x", ChatState.PENDING,
                    null, "127.0.0.1:5070/UDP");
            ChatMessage back = list(db, new ChatQuery("1002", null, null, 10)).get(0);
            assertThat(back).isEqualTo(m);
            assertThat(back.body()).isEqualTo(text);
            assertThat(back.encoding()).isEqualTo(ChatMessage.Encoding.TEXT);
            assertThat(back.sizeBytes()).isEqualTo(utf8(text).length);
            assertThat(back.bodyBytes()).isEqualTo(utf8(text));

            List<AuditEntry> audit = db.database().inTransaction(tx -> tx.audit().list(new AuditQuery(null, AuditType.CHAT_MESSAGE, null, 10)));
            assertThat(audit).singleElement().satisfies(e -> {
                assertThat(e.actor()).isEqualTo("1001");
                assertThat(e.subject()).isEqualTo("1002");
                assertThat(e.details()).contains("\"contentType\":\"text/plain;charset=UTF-8\"").contains("\"size\":" + back.sizeBytes())
                        .contains(back.sha256()).doesNotContain("sicher");
            });
            assertThat(db.database().inTransaction(tx -> tx.audit().verify()).intact()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void binaryBodiesAreKeptAsBase64AndTheCapIsEnforced(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            byte[] pdf = new byte[ChatArchive.MAX_BODY_BYTES];
            for (int i = 0; i < pdf.length; i++) {
                pdf[i] = (byte) (i * 31);
            }
            archive(db, T0).archive("1001", "1002", "application/pdf", pdf, "c2@x", ChatState.BLOCKED, 403, null);
            ChatMessage back = list(db, new ChatQuery("1001", null, null, 10)).get(0);
            assertThat(back.encoding()).isEqualTo(ChatMessage.Encoding.BASE64);
            assertThat(back.bodyBytes()).isEqualTo(pdf);
            assertThat(back.state()).isEqualTo(ChatState.BLOCKED);
            assertThat(back.sipCode()).isEqualTo(403);
            // Text that is not valid UTF-8 is binary too.
            archive(db, T0 + 1).archive("1001", "1002", "text/plain", new byte[] {(byte) 0xff, 'a'}, "c3@x", ChatState.FAILED, 404, null);
            assertThat(list(db, new ChatQuery("1001", null, null, 1)).get(0).encoding()).isEqualTo(ChatMessage.Encoding.BASE64);
            assertThatThrownBy(() -> archive(db, T0).archive("1001", "1002", "text/plain", new byte[ChatArchive.MAX_BODY_BYTES + 1],
                    "c4@x", ChatState.PENDING, null, null)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void storedMessagesAreDeliveredOldestFirstOrExpire(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            long old = archive(db, T0).archive("1001", "1002", "text/plain", utf8("old"), "a", ChatState.STORED, 202, null).id();
            long mid = archive(db, T0 + 60_000).archive("1003", "1002", "text/plain", utf8("mid"), "b", ChatState.STORED, 202, null).id();
            long other = archive(db, T0 + 60_000).archive("1001", "1004", "text/plain", utf8("x"), "c", ChatState.STORED, 202, null).id();
            long late = T0 + Duration.ofHours(72).toMillis() + 30_000; // "old" is overdue, "mid" is not
            List<ChatMessage> waiting = archive(db, late).waitingFor("1002");
            assertThat(waiting).extracting(ChatMessage::id).containsExactly(mid);
            assertThat(list(db, new ChatQuery("1002", null, null, 10))).extracting(ChatMessage::state)
                    .containsExactly(ChatState.STORED, ChatState.EXPIRED);

            assertThat(archive(db, late).delivered(mid, 200)).isTrue();
            assertThat(archive(db, late).delivered(mid, 200)).as("only once").isFalse();
            assertThat(archive(db, late).failed(old, 500)).as("an EXPIRED message stays EXPIRED").isFalse();
            assertThat(archive(db, late + 60_000).expire()).isEqualTo(1); // the sweep finds "other"
            assertThat(list(db, new ChatQuery("1004", null, null, 1)).get(0).state()).isEqualTo(ChatState.EXPIRED);
            assertThat(list(db, new ChatQuery("1003", null, null, 1)).get(0)).satisfies(m -> {
                assertThat(m.state()).isEqualTo(ChatState.DELIVERED);
                assertThat(m.sipCode()).isEqualTo(200);
                assertThat(m.stateAtMillis()).isEqualTo(late);
            });
            assertThat(other).isPositive();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void searchIsCaseInsensitiveLiteralAndNewestFirst(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            archive(db, T0).archive("1001", "1002", "text/plain", utf8("The Quarterly figures"), "a", ChatState.DELIVERED, 200, null);
            archive(db, T0 + 1).archive("1002", "1001", "text/plain", utf8("quarterly? 50% done"), "b", ChatState.DELIVERED, 200, null);
            archive(db, T0 + 2).archive("1003", "1004", "text/plain", utf8("nothing here_"), "c", ChatState.DELIVERED, 200, null);
            archive(db, T0 + 3).archive("1003", "1004", "application/octet-stream", utf8("quarterly"), "d", ChatState.DELIVERED, 200, null);

            assertThat(list(db, new ChatQuery(null, "QUARTERLY", null, 10))).extracting(ChatMessage::callId).containsExactly("b", "a");
            assertThat(list(db, new ChatQuery(null, "50%", null, 10))).extracting(ChatMessage::callId).containsExactly("b");
            assertThat(list(db, new ChatQuery(null, "5%", null, 10))).as("% is literal").isEmpty();
            assertThat(list(db, new ChatQuery(null, "e_", null, 10))).extracting(ChatMessage::callId).containsExactly("c");
            assertThat(list(db, new ChatQuery(null, "quarterly", Instant.ofEpochMilli(T0 + 1), 10))).extracting(ChatMessage::callId)
                    .containsExactly("b");
            assertThat(list(db, new ChatQuery("1001", null, null, 10))).extracting(ChatMessage::callId).containsExactly("b", "a");
            assertThat(list(db, new ChatQuery(null, null, null, 2))).extracting(ChatMessage::callId).containsExactly("d", "c");
            assertThat(list(db, new ChatQuery(null, null, Instant.ofEpochMilli(T0 + 1), Instant.ofEpochMilli(T0 + 3), 10)))
                    .as("until is exclusive").extracting(ChatMessage::callId).containsExactly("c", "b");
            assertThat(list(db, new ChatQuery(null, "quarterly", null, Instant.ofEpochMilli(T0 + 1), 10))).extracting(ChatMessage::callId)
                    .containsExactly("a");
        }
    }
}
