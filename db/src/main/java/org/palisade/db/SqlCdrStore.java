package org.palisade.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.scripting.defaults.DefaultParameterHandler;
import org.apache.ibatis.session.SqlSession;
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
    /** For the export, which runs its statement itself. */
    private final SqlSession session;

    SqlCdrStore(CdrMapper mapper, SqlSession session) {
        this.mapper = mapper;
        this.session = session;
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

    /**
     * {@link CdrMapper#export}'s statement as MyBatis builds it (the same filters as every other
     * query), run here and read by column position. Through the mapper, MyBatis looks up the
     * record's constructor by reflection for every row (failing on access each time before it
     * forces it) and fetches every column by name: on a million-row export that cost more than
     * reading, formatting and sending the rows together.
     */
    @Override
    public long export(CdrQuery q, Consumer<CallRecord> each) {
        MappedStatement ms = session.getConfiguration().getMappedStatement(CdrMapper.class.getName() + ".export");
        Map<String, Object> param = new HashMap<>();
        param.put("f", CdrFilter.of(q).withoutPosition());
        BoundSql sql = ms.getBoundSql(param);
        long n = 0;
        try (PreparedStatement ps = session.getConnection().prepareStatement(sql.getSql(), ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(ms.getFetchSize());
            new DefaultParameterHandler(ms, param, sql).setParameters(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    each.accept(toRecord(rs));
                    n++;
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException("cdr export failed after " + n + " rows: " + e.getMessage(), e);
        }
        return n;
    }

    /** A row of {@link CdrMapper#export}: id, then {@link CdrMapper#COLUMNS} in order. */
    private static CallRecord toRecord(ResultSet rs) throws SQLException {
        String callId = rs.getString(2);
        String disposition = rs.getString(12);
        Disposition d = BY_LABEL.get(disposition);
        if (d == null) {
            throw new IllegalStateException("cdr " + callId + ": unknown disposition '" + disposition + "'");
        }
        String hangupBy = rs.getString(14);
        return new CallRecord(callId, rs.getString(3), rs.getString(4), Direction.valueOf(rs.getString(5)), rs.getString(6),
                rs.getLong(7), nullableLong(rs, 8), rs.getLong(9), rs.getLong(10), rs.getLong(11), d, rs.getInt(13),
                hangupBy == null ? null : Party.valueOf(hangupBy), rs.getString(15), rs.getString(16), rs.getString(17),
                nullableLong(rs, 18), nullableLong(rs, 19), nullableLong(rs, 20), nullableLong(rs, 21));
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
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
