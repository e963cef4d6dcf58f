package org.palisade.core.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import org.palisade.core.audit.AuditEvent;
import org.palisade.core.audit.AuditType;
import org.palisade.core.storage.Transaction;

/**
 * The CONFIG_CHANGED entry every administrative change writes, inside the change's own
 * transaction, whichever administration class (extensions, relay nodes, trunks, ...) makes it.
 */
public final class ConfigChanges {

    private ConfigChanges() {
    }

    /**
     * @param entity  what kind of thing changed ("extension", "relay-node", ...)
     * @param subject its name or number; the entry's subject is {@code entity:subject}
     * @param before  what the audit log may show of it before (never a secret), null when added
     * @param after   likewise after, null when removed
     */
    public static void record(Transaction tx, long atMillis, String actor, String entity, String subject, String action,
                              Object before, Object after) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("entity", entity);
        details.put("action", action);
        details.put("before", before);
        details.put("after", after);
        tx.audit().append(new AuditEvent(AuditType.CONFIG_CHANGED, actor, entity + ":" + subject, null, details), atMillis);
    }
}
