package org.palisade.db;

import java.util.List;
import org.apache.ibatis.annotations.AutomapConstructor;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.cursor.Cursor;
import org.apache.ibatis.mapping.ResultSetType;

/** Rows are mapped onto the records below by column position: each SELECT follows its record's components. */
interface CdrMapper {

    String COLUMNS = "call_id, caller, callee, direction, trunk, start_at, answer_at, end_at, duration_s, billsec,"
            + " disposition, sip_code, hangup_by, hangup_reason, media_offered, media_used,"
            + " packets_from_caller, bytes_from_caller, packets_from_callee, bytes_from_callee";

    /**
     * A record as stored; enums are text here and the store converts them. {@code id} is the row
     * sequence (null before insert). {@code callerExtension} and {@code calleeExtension} are
     * written only: the numbers whose department the insert copies, null for a side that is not
     * an extension.
     */
    record Row(Long id, String callId, String caller, String callee, String direction, String trunk, Long startAt,
               Long answerAt, Long endAt, Long durationSeconds, Long billsec, String disposition, Integer sipCode,
               String hangupBy, String hangupReason, String mediaOffered, String mediaUsed, Long packetsFromCaller,
               Long bytesFromCaller, Long packetsFromCallee, Long bytesFromCallee, String callerExtension,
               String calleeExtension) {

        /** The constructor MyBatis maps a SELECT of id + {@link #COLUMNS} onto. */
        @AutomapConstructor
        Row(Long id, String callId, String caller, String callee, String direction, String trunk, Long startAt,
            Long answerAt, Long endAt, Long durationSeconds, Long billsec, String disposition, Integer sipCode,
            String hangupBy, String hangupReason, String mediaOffered, String mediaUsed, Long packetsFromCaller,
            Long bytesFromCaller, Long packetsFromCallee, Long bytesFromCallee) {
            this(id, callId, caller, callee, direction, trunk, startAt, answerAt, endAt, durationSeconds, billsec, disposition,
                    sipCode, hangupBy, hangupReason, mediaOffered, mediaUsed, packetsFromCaller, bytesFromCaller,
                    packetsFromCallee, bytesFromCallee, null, null);
        }
    }

    /** One month (yyyymm, UTC) and group key of a summary. */
    record SummaryRow(Integer yearMonth, String groupKey, Long calls, Long answered, Long durationSeconds, Long billsec) {
    }

    /** Every CdrQuery filter; null ones drop out. The keyset condition repeats start_at so the range can use the index. */
    String FILTER = "<where>"
            + "<if test='f.from != null'>AND start_at &gt;= #{f.from}</if>"
            + "<if test='f.to != null'> AND start_at &lt; #{f.to}</if>"
            + "<if test='f.extension != null'> AND (caller = #{f.extension} OR callee = #{f.extension})</if>"
            + "<if test='f.direction != null'> AND direction = #{f.direction}</if>"
            + "<if test='f.disposition != null'> AND disposition = #{f.disposition}</if>"
            + "<if test='f.trunk != null'> AND trunk = #{f.trunk}</if>"
            + "<if test='f.department != null'>"
            + " AND (caller_department = #{f.department} OR callee_department = #{f.department})</if>"
            + "<if test='f.afterStart != null'> AND start_at &lt;= #{f.afterStart}"
            + " AND (start_at &lt; #{f.afterStart} OR id &lt; #{f.afterSequence})</if>"
            + "</where>";

    /**
     * IGNORE skips rows whose call_id is already there (H2 honours it in MariaDB mode too). On
     * MariaDB it also turns other row errors into warnings, which is why the store cuts every
     * value to its column first: nothing is left for IGNORE to hide but the duplicate. The
     * departments are copied from extension in the same statement, so a batch costs no extra
     * round trip; a number with no extension row leaves NULL.
     */
    @Insert({"<script>",
        "INSERT IGNORE INTO cdr (" + COLUMNS + ", caller_department, callee_department) VALUES",
        "<foreach collection='rows' item='r' separator=','>",
        "(#{r.callId}, #{r.caller}, #{r.callee}, #{r.direction}, #{r.trunk}, #{r.startAt}, #{r.answerAt}, #{r.endAt},",
        " #{r.durationSeconds}, #{r.billsec}, #{r.disposition}, #{r.sipCode}, #{r.hangupBy}, #{r.hangupReason},",
        " #{r.mediaOffered}, #{r.mediaUsed}, #{r.packetsFromCaller}, #{r.bytesFromCaller}, #{r.packetsFromCallee},",
        " #{r.bytesFromCallee},",
        " (SELECT department FROM extension WHERE number = #{r.callerExtension}),",
        " (SELECT department FROM extension WHERE number = #{r.calleeExtension}))",
        "</foreach>",
        "</script>"})
    int insertIgnore(@Param("rows") List<Row> rows);

    @Select({"<script>", "SELECT id, " + COLUMNS + " FROM cdr", FILTER, "ORDER BY start_at DESC, id DESC LIMIT #{limit}", "</script>"})
    List<Row> page(@Param("f") CdrFilter filter, @Param("limit") int limit);

    /**
     * The fetch size is what makes MariaDB Connector/J stream: without it the driver reads the
     * whole result into memory before the first row is returned. With it, the driver reads
     * 1,000 rows at a time from the socket (the server sends as the socket drains), and the
     * cursor hands them on one by one. H2 keeps large results on disk past its MAX_MEMORY_ROWS.
     *
     * <p>MariaDB's optimizer reads a period of more than a few percent of the table with a full
     * scan and a filesort: nothing is sent until all of it is sorted (a million rows: seconds of
     * silence, and the sort buffer). Read along idx_cdr_start instead, rows go out in order from the
     * first one; unless a selective filter (a number, a trunk, a department) has its own index,
     * which then serves better. H2 needs no hint and has no FORCE INDEX.
     *
     * <p>{@link SqlCdrStore#export} runs this statement's SQL itself and reads the columns by position.
     */
    @Select({"<script>", "SELECT id, " + COLUMNS + " FROM cdr",
        "<if test=\"_databaseId == 'mariadb' and f.extension == null and f.trunk == null and f.department == null\">",
        "FORCE INDEX (idx_cdr_start)</if>",
        FILTER, "ORDER BY start_at, id", "</script>"})
    @Options(fetchSize = 1000, resultSetType = ResultSetType.FORWARD_ONLY)
    Cursor<Row> export(@Param("f") CdrFilter filter);

    /**
     * The month is computed on a TIMESTAMP without time zone (epoch plus whole seconds), so it is
     * the UTC month on both databases whatever the session's or the JVM's time zone.
     * {@code key} is one of the fixed expressions of SqlCdrStore, never user input.
     */
    @Select({"<script>",
        "SELECT YEAR(ts) * 100 + MONTH(ts) AS ym, group_key, COUNT(*) AS calls,",
        " SUM(CASE WHEN disposition = 'ANSWERED' THEN 1 ELSE 0 END) AS answered,",
        " SUM(duration_s) AS duration_s, SUM(billsec) AS billsec",
        "FROM (SELECT TIMESTAMPADD(SECOND, FLOOR(start_at / 1000), TIMESTAMP '1970-01-01 00:00:00') AS ts,",
        "  ${key} AS group_key, disposition, duration_s, billsec FROM cdr", FILTER, ") c",
        "GROUP BY YEAR(ts) * 100 + MONTH(ts), group_key",
        "</script>"})
    List<SummaryRow> summary(@Param("f") CdrFilter filter, @Param("key") String keyExpression);
}
