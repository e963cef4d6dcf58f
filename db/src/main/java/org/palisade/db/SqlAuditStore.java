package org.palisade.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.ibatis.cursor.Cursor;
import org.palisade.core.audit.AuditChain;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditEvent;
import org.palisade.core.audit.AuditHead;
import org.palisade.core.audit.AuditQuery;
import org.palisade.core.audit.AuditType;
import org.palisade.core.audit.VerifyResult;
import org.palisade.core.storage.AuditStore;

final class SqlAuditStore implements AuditStore {

    static final int DEFAULT_LIMIT = 100;

    private final AuditMapper mapper;
    /** The types appended in this transaction, counted in {@link org.palisade.core.audit.AuditCounts} if it commits. */
    private final List<AuditType> appended = new ArrayList<>(1);

    SqlAuditStore(AuditMapper mapper) {
        this.mapper = mapper;
    }

    List<AuditType> appended() {
        return appended;
    }

    /** The head row stays locked until the transaction ends, so appenders anywhere take turns. */
    @Override
    public AuditEntry append(AuditEvent event, long nowMillis) {
        AuditEvent fitting = fitColumns(event);
        AuditHead head = mapper.lockHead();
        if (head == null) {
            throw new IllegalStateException("audit_head has no row: the schema was not migrated by Palisade");
        }
        AuditEntry entry = AuditChain.next(head, fitting, nowMillis);
        mapper.insert(entry);
        mapper.moveHead(entry.seq(), entry.hash());
        appended.add(fitting.type());
        return entry;
    }

    @Override
    public List<AuditEntry> list(AuditQuery query) {
        if (query.limit() < 0) {
            throw new IllegalArgumentException("limit: must not be negative, got " + query.limit());
        }
        return mapper.list(query.since() == null ? null : query.since().toEpochMilli(),
                query.until() == null ? null : query.until().toEpochMilli(),
                query.types().stream().map(AuditType::name).toList(),
                query.actor(),
                query.actor() == null ? null : SqlChatStore.escapeLike(query.actor()) + ":%",
                query.subject(),
                query.beforeSeq(),
                query.limit() == 0 ? DEFAULT_LIMIT : query.limit());
    }

    @Override
    public AuditHead head() {
        return mapper.head();
    }

    /**
     * Only entries up to the head are read: on H2 an appender may commit between reading the head
     * and reading the entries, and its entry is no gap in the chain.
     */
    @Override
    public VerifyResult verify() {
        AuditHead head = mapper.head();
        try (Cursor<AuditEntry> entries = mapper.upTo(head.lastSeq())) {
            return AuditChain.verify(entries.iterator(), head);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Cuts actor, subject and source to their column widths before the hash is taken, so an
     * over-long value (say a 2 kB user name in a failed logon) is still recorded and still
     * verifies, instead of failing the transaction it belongs to.
     */
    private static AuditEvent fitColumns(AuditEvent e) {
        if (e.type() == null || e.actor() == null) {
            throw new IllegalArgumentException("audit event: type and actor are required");
        }
        return new AuditEvent(e.type(), cut(e.actor(), 128), cut(e.subject(), 255), cut(e.source(), 64), e.details());
    }

    private static String cut(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end);
    }
}
