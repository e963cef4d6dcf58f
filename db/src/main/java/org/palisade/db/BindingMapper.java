package org.palisade.db;

import java.util.List;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;
import org.palisade.core.location.Binding;

/** Rows are mapped onto the record by column position: COLUMNS follows Binding's components. */
interface BindingMapper {

    String COLUMNS = "id, aor, contact_uri, q_value, expires_at, registered_at, call_id, cseq,"
            + " source_host, source_port, transport, user_agent";

    /** Receives the id the database generated for an insert. */
    final class GeneratedId {
        private Long id;

        public Long getId() {
            return id;
        }

        public void setId(Long id) {
            this.id = id;
        }
    }

    @Select("SELECT number FROM extension WHERE number = #{aor} FOR UPDATE")
    String lockExtension(String aor);

    @Select("SELECT " + COLUMNS + " FROM binding WHERE aor = #{aor} ORDER BY id FOR UPDATE")
    List<Binding> lockForAor(String aor);

    @Select("SELECT " + COLUMNS + " FROM binding WHERE aor = #{aor} ORDER BY id")
    List<Binding> forAor(String aor);

    @Select("SELECT " + COLUMNS + " FROM binding ORDER BY aor, id")
    List<Binding> all();

    @Select("SELECT " + COLUMNS + " FROM binding WHERE expires_at <= #{now} ORDER BY expires_at, id")
    List<Binding> expiredAt(long now);

    @Insert("INSERT INTO binding (aor, contact_uri, q_value, expires_at, registered_at, call_id, cseq,"
            + " source_host, source_port, transport, user_agent)"
            + " VALUES (#{b.aor}, #{b.contactUri}, #{b.q}, #{b.expiresAtMillis}, #{b.registeredAtMillis}, #{b.callId}, #{b.cseq},"
            + " #{b.sourceHost}, #{b.sourcePort}, #{b.transport}, #{b.userAgent})")
    @Options(useGeneratedKeys = true, keyProperty = "key.id", keyColumn = "id")
    void insert(@Param("b") Binding binding, @Param("key") GeneratedId key);

    @Update("UPDATE binding SET q_value = #{q}, expires_at = #{expiresAtMillis}, registered_at = #{registeredAtMillis},"
            + " call_id = #{callId}, cseq = #{cseq}, source_host = #{sourceHost}, source_port = #{sourcePort},"
            + " transport = #{transport}, user_agent = #{userAgent}"
            + " WHERE id = #{id}")
    int update(Binding binding);

    @Delete("DELETE FROM binding WHERE id = #{id}")
    int delete(long id);

    @Delete("DELETE FROM binding WHERE id = #{id} AND expires_at <= #{now}")
    int deleteIfExpired(@org.apache.ibatis.annotations.Param("id") long id, @org.apache.ibatis.annotations.Param("now") long now);

    @Delete("DELETE FROM binding WHERE aor = #{aor}")
    int deleteForAor(String aor);
}
