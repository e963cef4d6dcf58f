package org.palisade.core.audit;

import java.util.Map;

/**
 * What happened, before it is placed in the chain.
 *
 * @param actor   who did it: an extension number, {@code cli:<os-user>}, {@code system}
 * @param subject what it was done to: an extension, a profile, an address
 * @param source  the network address it came from, if any
 * @param details free-form facts, stored as canonical JSON
 */
public record AuditEvent(AuditType type, String actor, String subject, String source, Map<String, ?> details) {

    public AuditEvent {
        details = details == null ? Map.of() : details;
    }
}
