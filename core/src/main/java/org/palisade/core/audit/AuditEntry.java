package org.palisade.core.audit;

import java.time.Instant;

/** One link of the audit chain as stored: {@code hash} covers every other field, {@code prevHash} included. */
public record AuditEntry(long seq, long occurredAtMillis, AuditType type, String actor, String subject,
                         String source, String details, String prevHash, String hash) {

    public Instant occurredAt() {
        return Instant.ofEpochMilli(occurredAtMillis);
    }
}
