package org.palisade.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.ibatis.cursor.Cursor;
import org.palisade.core.call.Direction;
import org.palisade.core.call.Disposition;
import org.palisade.core.call.Party;
import org.palisade.core.cdr.CallRecord;
import org.palisade.core.cdr.CdrQuery;
import org.palisade.core.storage.CdrStore;

final class SqlCdrStore implements CdrStore {

    static final int DEFAULT_LIMIT = 100;
    private static final Map<String, Disposition> BY_LABEL =
            Stream.of(Disposition.values()).collect(Collectors.toMap(Disposition::label, d -> d));

    private final CdrMapper mapper;

    SqlCdrStore(CdrMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public int insertIgnoringDuplicates(List<CallRecord> records) {
        if (records.isEmpty()) {
            return 0;
        }
        List<CdrMapper.Row> rows = new ArrayList<>(records.size());
        for (CallRecord r : records) {
            rows.add(toRow(r));
        }
        return mapper.insertIgnore(rows);
    }

    @Override
    public List<CallRecord> list(CdrQuery q) {
        return mapper.list(millis(q.from()), millis(q.to()), q.extension(), q.limit() == 0 ? DEFAULT_LIMIT : q.limit())
                .stream().map(SqlCdrStore::toRecord).toList();
    }

    @Override
    public long export(CdrQuery q, Consumer<CallRecord> each) {
        long n = 0;
        try (Cursor<CdrMapper.Row> rows = mapper.export(millis(q.from()), millis(q.to()), q.extension())) {
            for (CdrMapper.Row row : rows) {
                each.accept(toRecord(row));
                n++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return n;
    }

    private static Long millis(java.time.Instant t) {
        return t == null ? null : t.toEpochMilli();
    }

    /**
     * Cuts text to the column widths of V2__cdr.sql: a record with a 300-character caller (a
     * hostile From header) is still written, rather than failing its whole batch again and again.
     */
    private static CdrMapper.Row toRow(CallRecord r) {
        return new CdrMapper.Row(cut(r.callId(), 255), cut(r.caller(), 64), cut(r.callee(), 64), r.direction().name(),
                cut(r.trunk(), 64), r.startMillis(), r.answerMillis(), r.endMillis(), r.durationSeconds(), r.billsec(),
                r.disposition().label(), r.sipCode(), r.hungUpBy() == null ? null : r.hungUpBy().name(),
                cut(r.hangupReason(), 64), cut(r.mediaOffered(), 64), cut(r.mediaUsed(), 64),
                r.packetsFromCaller(), r.bytesFromCaller(), r.packetsFromCallee(), r.bytesFromCallee());
    }

    private static CallRecord toRecord(CdrMapper.Row r) {
        Disposition d = BY_LABEL.get(r.disposition());
        if (d == null) {
            throw new IllegalStateException("cdr " + r.callId() + ": unknown disposition '" + r.disposition() + "'");
        }
        return new CallRecord(r.callId(), r.caller(), r.callee(), Direction.valueOf(r.direction()), r.trunk(), r.startAt(),
                r.answerAt(), r.endAt(), r.durationSeconds(), r.billsec(), d, r.sipCode(),
                r.hangupBy() == null ? null : Party.valueOf(r.hangupBy()), r.hangupReason(), r.mediaOffered(), r.mediaUsed(),
                r.packetsFromCaller(), r.bytesFromCaller(), r.packetsFromCallee(), r.bytesFromCallee());
    }

    private static String cut(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end);
    }
}
