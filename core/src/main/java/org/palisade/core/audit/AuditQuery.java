package org.palisade.core.audit;

import java.time.Instant;

/** Filters for listing the log; null fields do not filter. */
public record AuditQuery(Instant since, AuditType type, String subject, int limit) {
}
