package org.palisade.core.storage;

import java.util.List;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditEvent;
import org.palisade.core.audit.AuditHead;
import org.palisade.core.audit.AuditQuery;
import org.palisade.core.audit.VerifyResult;

/** Append-only: there is deliberately no update or delete. */
public interface AuditStore {

    AuditEntry append(AuditEvent event, long nowMillis);

    List<AuditEntry> list(AuditQuery query);

    AuditHead head();

    VerifyResult verify();
}
