package org.palisade.web.api;

import java.util.Map;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditEvent;
import org.palisade.core.audit.AuditLog;
import org.palisade.core.audit.AuditType;

/**
 * Audit entries for things done through the web that are not configuration changes (exports,
 * searches), with the web user as actor ({@code web:alice}) and the client's address as source.
 * Configuration changes go through the administration classes with {@link ApiRequest#actor()},
 * which write their CONFIG_CHANGED entry themselves.
 *
 * <pre>
 * audit.record(req, AuditType.CDR_EXPORTED, null, Map.of("from", from, "to", to, "rows", rows));
 * </pre>
 */
public final class WebAudit {

    private final AuditLog log;

    public WebAudit(AuditLog log) {
        this.log = log;
    }

    /** Written in a transaction of its own; a failure throws, and the request fails with it (500). */
    public AuditEntry record(ApiRequest request, AuditType type, String subject, Map<String, ?> details) {
        return log.record(new AuditEvent(type, request.actor(), subject, request.clientAddress(), details));
    }

    /** For events with no request behind them (a session that expired on its own). */
    public AuditEntry record(AuditEvent event) {
        return log.record(event);
    }
}
