package org.palisade.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.YearMonth;
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
import org.palisade.core.cdr.CdrCursor;
import org.palisade.core.cdr.CdrPage;
import org.palisade.core.cdr.CdrQuery;
import org.palisade.core.cdr.CdrSummary;
import org.palisade.core.storage.CdrStore;

final class SqlCdrStore implements CdrStore {

    private static final Map<String, Disposition> BY_LABEL =
            Stream.of(Disposition.values()).collect(Collectors.toMap(Disposition::label, d -> d));

    /**
     * The SQL of each summary key, the billing party of {@link CdrSummary.By}: the called
     * extension for inbound calls, the caller otherwise. Substituted into the statement, so only
     * these constants may ever be.
     */
    private static final Map<CdrSummary.By, String> GROUP_KEYS = Map.of(
            CdrSummary.By.EXTENSION, "CASE WHEN direction = 'INBOUND' THEN callee ELSE caller END",
            CdrSummary.By.DEPARTMENT, "CASE WHEN direction = 'INBOUND' THEN callee_department ELSE caller_department END",
            CdrSummary.By.TRUNK, "trunk");

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
    public CdrPage page(CdrQuery q) {
        int limit = q.limit() == 0 ? DEFAULT_LIMIT : q.limit();
        // one more than asked: whether it comes back says for certain whether there is a next page
        List<CdrMapper.Row> rows = mapper.page(CdrFilter.of(q), limit + 1);
        List<CallRecord> records = new ArrayList<>(Math.min(rows.size(), limit));
        for (int i = 0; i < rows.size() && i < limit; i++) {
            records.add(toRecord(rows.get(i)));
        }
        CdrCursor next = null;
        if (rows.size() > limit) {
            CdrMapper.Row last = rows.get(limit - 1);
            next = new CdrCursor(last.startAt(), last.id());
        }
        return new CdrPage(records, next);
    }

    @Override
    public long export(CdrQuery q, Consumer<CallRecord> each) {
        long n = 0;
        try (Cursor<CdrMapper.Row> rows = mapper.export(CdrFilter.of(q).withoutPosition())) {
            for (CdrMapper.Row row : rows) {
                each.accept(toRecord(row));
                n++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return n;
    }

    @Override
    public CdrSummary summarize(CdrQuery q, CdrSummary.By by) {
        List<CdrSummary.Line> lines = new ArrayList<>();
        for (CdrMapper.SummaryRow r : mapper.summary(CdrFilter.of(q).withoutPosition(), GROUP_KEYS.get(by))) {
            lines.add(new CdrSummary.Line(YearMonth.of(r.yearMonth() / 100, r.yearMonth() % 100), r.groupKey(), r.calls(),
                    r.answered(), r.durationSeconds(), r.billsec()));
        }
        return CdrSummary.of(by, lines);
    }

    /**
     * Cuts text to the column widths of V2__cdr.sql: a record with a 300-character caller (a
     * hostile From header) is still written, rather than failing its whole batch again and again.
     */
    private static CdrMapper.Row toRow(CallRecord r) {
        String caller = cut(r.caller(), 64);
        String callee = cut(r.callee(), 64);
        // the outside party of a trunk call is a public number, even if it looks like an extension
        String callerExtension = r.direction() == Direction.INBOUND ? null : caller;
        String calleeExtension = r.direction() == Direction.OUTBOUND ? null : callee;
        return new CdrMapper.Row(null, cut(r.callId(), 255), caller, callee, r.direction().name(),
                cut(r.trunk(), 64), r.startMillis(), r.answerMillis(), r.endMillis(), r.durationSeconds(), r.billsec(),
                r.disposition().label(), r.sipCode(), r.hungUpBy() == null ? null : r.hungUpBy().name(),
                cut(r.hangupReason(), 64), cut(r.mediaOffered(), 64), cut(r.mediaUsed(), 64),
                r.packetsFromCaller(), r.bytesFromCaller(), r.packetsFromCallee(), r.bytesFromCallee(),
                callerExtension, calleeExtension);
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
