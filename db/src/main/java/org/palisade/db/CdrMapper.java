package org.palisade.db;

import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.cursor.Cursor;
import org.apache.ibatis.mapping.ResultSetType;

/** Rows are mapped onto {@link Row} by column position: COLUMNS follows its components. */
interface CdrMapper {

    String COLUMNS = "call_id, caller, callee, direction, trunk, start_at, answer_at, end_at, duration_s, billsec,"
            + " disposition, sip_code, hangup_by, hangup_reason, media_offered, media_used,"
            + " packets_from_caller, bytes_from_caller, packets_from_callee, bytes_from_callee";

    /** A record as stored; enums are text here and the store converts them. */
    record Row(String callId, String caller, String callee, String direction, String trunk, Long startAt, Long answerAt,
               Long endAt, Long durationSeconds, Long billsec, String disposition, Integer sipCode, String hangupBy,
               String hangupReason, String mediaOffered, String mediaUsed, Long packetsFromCaller, Long bytesFromCaller,
               Long packetsFromCallee, Long bytesFromCallee) {
    }

    String FILTER = "<where>"
            + "<if test='from != null'>start_at &gt;= #{from}</if>"
            + "<if test='to != null'> AND start_at &lt; #{to}</if>"
            + "<if test='ext != null'> AND (caller = #{ext} OR callee = #{ext})</if>"
            + "</where>";

    /**
     * IGNORE skips rows whose call_id is already there (H2 honours it in MariaDB mode too). On
     * MariaDB it also turns other row errors into warnings, which is why the store cuts every
     * value to its column first: nothing is left for IGNORE to hide but the duplicate.
     */
    @Insert({"<script>",
        "INSERT IGNORE INTO cdr (" + COLUMNS + ") VALUES",
        "<foreach collection='rows' item='r' separator=','>",
        "(#{r.callId}, #{r.caller}, #{r.callee}, #{r.direction}, #{r.trunk}, #{r.startAt}, #{r.answerAt}, #{r.endAt},",
        " #{r.durationSeconds}, #{r.billsec}, #{r.disposition}, #{r.sipCode}, #{r.hangupBy}, #{r.hangupReason},",
        " #{r.mediaOffered}, #{r.mediaUsed}, #{r.packetsFromCaller}, #{r.bytesFromCaller}, #{r.packetsFromCallee},",
        " #{r.bytesFromCallee})",
        "</foreach>",
        "</script>"})
    int insertIgnore(@Param("rows") List<Row> rows);

    @Select({"<script>", "SELECT " + COLUMNS + " FROM cdr", FILTER, "ORDER BY start_at DESC, id DESC LIMIT #{limit}", "</script>"})
    List<Row> list(@Param("from") Long from, @Param("to") Long to, @Param("ext") String extension, @Param("limit") int limit);

    /** The fetch size makes MariaDB's driver stream in batches instead of reading every row first. */
    @Select({"<script>", "SELECT " + COLUMNS + " FROM cdr", FILTER, "ORDER BY start_at, id", "</script>"})
    @Options(fetchSize = 1000, resultSetType = ResultSetType.FORWARD_ONLY)
    Cursor<Row> export(@Param("from") Long from, @Param("to") Long to, @Param("ext") String extension);
}
