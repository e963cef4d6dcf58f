package org.palisade.core.audit;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Filters for listing the log, newest entry first; null fields do not filter.
 *
 * @param since     entries that occurred at or after it
 * @param until     entries that occurred before it (exclusive, so consecutive periods do not overlap)
 * @param types     entries of any of these types; empty (or null) is any type
 * @param actor     entries by this actor: exactly it, or any actor it prefixes up to a colon ({@code cli}
 *                  finds {@code cli:root}, {@code web} every web user, {@code web:alice} only her)
 * @param subject   entries about exactly this subject
 * @param beforeSeq entries with a lower sequence number: the next page after an entry already seen
 * @param limit     at most this many; 0 is the store's default
 */
public record AuditQuery(Instant since, Instant until, Set<AuditType> types, String actor, String subject, Long beforeSeq,
                         int limit) {

    public AuditQuery {
        if (limit < 0) {
            throw new IllegalArgumentException("limit: must not be negative, got " + limit);
        }
        if (since != null && until != null && !until.isAfter(since)) {
            throw new IllegalArgumentException("to: must be after from (" + since + " .. " + until + ")");
        }
        // not contains(null): that throws on the sets of Set.of
        if (types != null && types.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("type: null is not a type");
        }
        if (actor != null && actor.isBlank()) {
            throw new IllegalArgumentException("actor: must not be blank");
        }
        if (beforeSeq != null && beforeSeq < 1) {
            throw new IllegalArgumentException("cursor: not a position of a previous page (" + beforeSeq + ")");
        }
        // a copy, so the caller's set can change afterwards; in declaration order, so equal filters read equally
        types = types == null || types.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(types));
    }

    /** The original filters: from a time on, by one type (null: any) and subject. */
    public AuditQuery(Instant since, AuditType type, String subject, int limit) {
        this(since, null, type == null ? Set.of() : Set.of(type), null, subject, null, limit);
    }
}
