package org.palisade.db;

import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;
import org.apache.ibatis.cursor.Cursor;
import org.apache.ibatis.mapping.ResultSetType;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditHead;

/** Rows are mapped onto the records by column position: COLUMNS follows AuditEntry's components. */
interface AuditMapper {

    String COLUMNS = "seq, occurred_at, event_type, actor, subject, source, details, prev_hash, entry_hash";

    @Select("SELECT last_seq, last_hash FROM audit_head WHERE id = 1")
    AuditHead head();

    @Select("SELECT last_seq, last_hash FROM audit_head WHERE id = 1 FOR UPDATE")
    AuditHead lockHead();

    @Update("UPDATE audit_head SET last_seq = #{seq}, last_hash = #{hash} WHERE id = 1")
    int moveHead(@Param("seq") long seq, @Param("hash") String hash);

    @Insert("INSERT INTO audit_log (" + COLUMNS + ") VALUES (#{seq}, #{occurredAtMillis}, #{type}, #{actor}, #{subject},"
            + " #{source}, #{details}, #{prevHash}, #{hash})")
    void insert(AuditEntry entry);

    @Select({"<script>",
        "SELECT " + COLUMNS + " FROM audit_log",
        "<where>",
        "  <if test='since != null'>occurred_at &gt;= #{since}</if>",
        "  <if test='until != null'>AND occurred_at &lt; #{until}</if>",
        "  <if test='!types.isEmpty()'>AND event_type IN",
        "    <foreach item='t' collection='types' open='(' separator=',' close=')'>#{t}</foreach>",
        "  </if>",
        "  <if test='actor != null'>AND (actor = #{actor} OR actor LIKE #{actorPrefix} ESCAPE '!')</if>",
        "  <if test='subject != null'>AND subject = #{subject}</if>",
        "  <if test='beforeSeq != null'>AND seq &lt; #{beforeSeq}</if>",
        "</where>",
        "ORDER BY seq DESC LIMIT #{limit}",
        "</script>"})
    List<AuditEntry> list(@Param("since") Long sinceMillis, @Param("until") Long untilMillis, @Param("types") List<String> types,
                          @Param("actor") String actor, @Param("actorPrefix") String actorPrefix, @Param("subject") String subject,
                          @Param("beforeSeq") Long beforeSeq, @Param("limit") int limit);

    /** Streams in seq order; the fetch size makes MariaDB's driver fetch in batches instead of all rows at once. */
    @Select("SELECT " + COLUMNS + " FROM audit_log WHERE seq <= #{lastSeq} ORDER BY seq")
    @Options(fetchSize = 1000, resultSetType = ResultSetType.FORWARD_ONLY)
    Cursor<AuditEntry> upTo(long lastSeq);
}
