package org.palisade.core.chat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * One archived MESSAGE (RFC 3428).
 *
 * @param id           the archive's key; null before it is stored
 * @param sender       the authenticated extension that sent it
 * @param recipient    the extension it was for (for a refused one: what the Request-URI named)
 * @param contentType  the Content-Type as received, parameters included
 * @param body         the body: the text itself when {@code encoding} is TEXT, else base64
 * @param encoding     TEXT for bodies that are valid UTF-8 text, BASE64 for anything else
 * @param sizeBytes    the body's length in bytes as received
 * @param sha256       hex SHA-256 of the body as received (also in the audit entry)
 * @param sipCode      the final code for FAILED/BLOCKED/DELIVERED, 202 for STORED, null while PENDING
 */
public record ChatMessage(Long id, long sentAtMillis, String sender, String recipient, String contentType, String body,
                          Encoding encoding, int sizeBytes, String sha256, String callId, ChatState state, Integer sipCode,
                          long stateAtMillis, String source) {

    public enum Encoding { TEXT, BASE64 }

    public Instant sentAt() {
        return Instant.ofEpochMilli(sentAtMillis);
    }

    /** The body's bytes exactly as they were received. */
    public byte[] bodyBytes() {
        return encoding == Encoding.TEXT ? body.getBytes(StandardCharsets.UTF_8) : Base64.getDecoder().decode(body);
    }

    public ChatMessage withId(long newId) {
        return new ChatMessage(newId, sentAtMillis, sender, recipient, contentType, body, encoding, sizeBytes, sha256, callId, state,
                sipCode, stateAtMillis, source);
    }
}
