package org.palisade.core.audit;

import java.time.Clock;
import org.palisade.core.storage.Storage;

/** Records events that stand alone, each in its own transaction. */
public final class AuditLog {

    private final Storage storage;
    private final Clock clock;

    public AuditLog(Storage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    public AuditEntry record(AuditEvent event) {
        return storage.inTransaction(tx -> tx.audit().append(event, clock.millis()));
    }
}
