package org.palisade.core.chat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.palisade.core.audit.AuditEvent;
import org.palisade.core.audit.AuditType;
import org.palisade.core.storage.Storage;

/**
 * The chat archive's rules: how a body is kept, what the audit log learns, and the store-and-
 * forward life cycle. Each message is one transaction: its row and its CHAT_MESSAGE audit
 * entry are committed together, or neither is.
 *
 * <p>Bodies: a body that is valid UTF-8 and has a textual content type (text/*, message/*,
 * or XML/JSON) is kept as text, so auditors can read and search it; anything else (a file, an
 * image) is kept whole as base64, searchable by nobody but delivered byte for byte. Bodies over
 * {@link #MAX_BODY_BYTES} are not accepted at all (413), so that the archive always holds the
 * complete message rather than a cut-off one; RFC 3428 keeps MESSAGE bodies far below that
 * anyway (1300 bytes on UDP), and the SIP stack refuses stream messages over 64 KiB.
 */
public final class ChatArchive {

    /** 64 KiB: the largest body Palisade archives and forwards; base64 makes it at most 87,384 characters. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private final Storage storage;
    private final Clock clock;
    private final Duration storeTime;

    /** @param storeTime how long a STORED message waits for its recipient before it EXPIREs */
    public ChatArchive(Storage storage, Clock clock, Duration storeTime) {
        this.storage = storage;
        this.clock = clock;
        this.storeTime = storeTime;
    }

    public Duration storeTime() {
        return storeTime;
    }

    /**
     * Archives a message and writes its CHAT_MESSAGE audit entry (sender, recipient, content
     * type, size and hash; never the body), in one transaction. Throws when the database
     * fails: the caller must then not deliver the message.
     */
    public ChatMessage archive(String sender, String recipient, String contentType, byte[] body, String callId, ChatState state,
                               Integer sipCode, String source) {
        long now = clock.millis();
        byte[] bytes = body == null ? new byte[0] : body;
        if (bytes.length > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("body over " + MAX_BODY_BYTES + " bytes");
        }
        String type = contentType == null ? "text/plain" : contentType;
        String text = textual(type) ? utf8(bytes) : null;
        ChatMessage m = new ChatMessage(null, now, cut(sender, 64), cut(recipient, 255), cut(type, 255),
                text != null ? text : Base64.getEncoder().encodeToString(bytes),
                text != null ? ChatMessage.Encoding.TEXT : ChatMessage.Encoding.BASE64, bytes.length, sha256(bytes),
                cut(callId, 255), state, sipCode, now, cut(source, 64));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("callId", m.callId());
        details.put("contentType", m.contentType());
        details.put("size", m.sizeBytes());
        details.put("sha256", m.sha256());
        details.put("state", state.name());
        if (sipCode != null) {
            details.put("code", sipCode);
        }
        return storage.inTransaction(tx -> {
            ChatMessage stored = m.withId(tx.chats().insert(m));
            tx.audit().append(new AuditEvent(AuditType.CHAT_MESSAGE, m.sender(), m.recipient(), m.source(), details), now);
            return stored;
        });
    }

    /** PENDING or STORED becomes DELIVERED (a 2xx came back). */
    public boolean delivered(long id, int code) {
        long now = clock.millis();
        return storage.inTransaction(tx -> tx.chats().changeState(id, List.of(ChatState.PENDING, ChatState.STORED),
                ChatState.DELIVERED, code, now));
    }

    /** PENDING becomes FAILED with the final code the sender got. */
    public boolean failed(long id, int code) {
        long now = clock.millis();
        return storage.inTransaction(tx -> tx.chats().changeState(id, List.of(ChatState.PENDING), ChatState.FAILED, code, now));
    }

    /**
     * The messages waiting for {@code recipient}, oldest first, after its own overdue ones have
     * been marked EXPIRED: an expired message is never delivered, even before the sweep runs.
     */
    public List<ChatMessage> waitingFor(String recipient) {
        long now = clock.millis();
        long cutoff = now - storeTime.toMillis();
        return storage.inTransaction(tx -> {
            tx.chats().expireStored(recipient, cutoff, now);
            return tx.chats().stored(recipient);
        });
    }

    /** Marks every STORED message older than the store time EXPIRED; returns how many. */
    public int expire() {
        long now = clock.millis();
        return storage.inTransaction(tx -> tx.chats().expireStored(null, now - storeTime.toMillis(), now));
    }

    /** Text types are archived readable; everything else carries a file and is kept as base64. */
    static boolean textual(String contentType) {
        String t = contentType.toLowerCase(Locale.ROOT).split(";")[0].trim();
        return t.startsWith("text/") || t.startsWith("message/") || t.endsWith("+xml") || t.endsWith("/xml")
                || t.endsWith("+json") || t.endsWith("/json");
    }

    private static String utf8(byte[] bytes) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            // NUL cannot be stored in every text column; such a "text" is kept as base64.
            return s.indexOf('\0') >= 0 ? null : s;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String cut(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end);
    }
}
