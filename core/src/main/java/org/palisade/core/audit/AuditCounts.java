package org.palisade.core.audit;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Audit entries this process committed since it started, by type: chat messages, blocked
 * attempts and failed logons for {@code /metrics}, without a query per scrape.
 */
public final class AuditCounts {

    private final Map<AuditType, LongAdder> counts = new EnumMap<>(AuditType.class);

    public AuditCounts() {
        for (AuditType t : AuditType.values()) {
            counts.put(t, new LongAdder()); // filled here, never changed after: safe to read from any thread
        }
    }

    public void add(AuditType type) {
        counts.get(type).increment();
    }

    public long count(AuditType type) {
        return counts.get(type).sum();
    }
}
