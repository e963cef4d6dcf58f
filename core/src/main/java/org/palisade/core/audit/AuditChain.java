package org.palisade.core.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;

/**
 * The rules of the tamper-evident log: how an entry's hash is computed and how a chain is
 * checked. Storage only keeps the entries; it never decides what a valid chain is.
 */
public final class AuditChain {

    public static final String GENESIS = "0".repeat(64);

    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private AuditChain() {
    }

    /** The entry that follows {@code head} for {@code event}. */
    public static AuditEntry next(AuditHead head, AuditEvent event, long nowMillis) {
        long seq = head.lastSeq() + 1;
        String details = canonicalJson(event);
        String hash = hash(seq, nowMillis, event.type(), event.actor(), event.subject(), event.source(), details, head.lastHash());
        return new AuditEntry(seq, nowMillis, event.type(), event.actor(), event.subject(), event.source(), details, head.lastHash(), hash);
    }

    public static String hash(AuditEntry e) {
        return hash(e.seq(), e.occurredAtMillis(), e.type(), e.actor(), e.subject(), e.source(), e.details(), e.prevHash());
    }

    /**
     * Walks the chain in seq order. An entry is bad when its own hash does not match its
     * content (altered), when it does not point at its predecessor (one removed or altered
     * before it), or when seq numbers skip (removed). The head, kept apart, catches a cut tail.
     */
    public static VerifyResult verify(Iterator<AuditEntry> entries, AuditHead head) {
        String expectedPrev = GENESIS;
        long expectedSeq = 1;
        long checked = 0;
        while (entries.hasNext()) {
            AuditEntry e = entries.next();
            if (e.seq() != expectedSeq) {
                return VerifyResult.broken(checked, expectedSeq, "entry " + expectedSeq + " is missing (next stored entry is " + e.seq() + ")");
            }
            if (!e.prevHash().equals(expectedPrev)) {
                return VerifyResult.broken(checked, e.seq(), "entry " + e.seq() + " does not follow entry " + (e.seq() - 1) + ": previous-hash mismatch");
            }
            if (!hash(e).equals(e.hash())) {
                return VerifyResult.broken(checked, e.seq(), "entry " + e.seq() + " was altered: its content does not match its hash");
            }
            expectedPrev = e.hash();
            expectedSeq++;
            checked++;
        }
        if (head.lastSeq() != checked || !head.lastHash().equals(expectedPrev)) {
            return VerifyResult.broken(checked, checked + 1, "the log ends at entry " + checked + " but the chain head records entry "
                    + head.lastSeq() + ": entries at the end were removed");
        }
        return VerifyResult.ok(checked);
    }

    static String hash(long seq, long time, AuditType type, String actor, String subject, String source, String details, String prevHash) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            // Length-prefixed fields: no two different entries can serialise to the same bytes.
            for (String field : new String[] {Long.toString(seq), Long.toString(time), type.name(), actor, subject, source, details, prevHash}) {
                byte[] bytes = field == null ? new byte[0] : field.getBytes(StandardCharsets.UTF_8);
                String prefix = (field == null ? "-" : Integer.toString(bytes.length)) + ":";
                sha.update(prefix.getBytes(StandardCharsets.US_ASCII));
                sha.update(bytes);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    static String canonicalJson(AuditEvent event) {
        try {
            return JSON.writeValueAsString(event.details());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit details are not serialisable: " + e.getMessage(), e);
        }
    }
}
