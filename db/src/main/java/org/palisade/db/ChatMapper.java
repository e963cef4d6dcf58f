package org.palisade.db;

import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** Rows are mapped onto {@link Row} by column position: COLUMNS follows its components. */
interface ChatMapper {

    String COLUMNS = "id, sent_at, sender, recipient, content_type, body, body_encoding, body_size, body_sha256, call_id, state,"
            + " sip_code, state_at, source";

    /** A message as stored; enums are text here and the store converts them. */
    record Row(Long id, long sentAt, String sender, String recipient, String contentType, String body, String bodyEncoding,
               int bodySize, String bodySha256, String callId, String state, Integer sipCode, long stateAt, String source) {
    }

    /** The generated key goes into a holder, since a record's id cannot be set. */
    final class Key {
        public Long id;
    }

    @Insert("INSERT INTO chat_message (sent_at, sender, recipient, content_type, body, body_encoding, body_size, body_sha256,"
            + " call_id, state, sip_code, state_at, source) VALUES (#{r.sentAt}, #{r.sender}, #{r.recipient}, #{r.contentType},"
            + " #{r.body}, #{r.bodyEncoding}, #{r.bodySize}, #{r.bodySha256}, #{r.callId}, #{r.state}, #{r.sipCode},"
            + " #{r.stateAt}, #{r.source})")
    @Options(useGeneratedKeys = true, keyProperty = "key.id", keyColumn = "id")
    int insert(@Param("r") Row row, @Param("key") Key key);

    @Update({"<script>",
        "UPDATE chat_message SET state = #{to}, sip_code = #{code}, state_at = #{now} WHERE id = #{id} AND state IN",
        "<foreach collection='from' item='f' open='(' separator=',' close=')'>#{f}</foreach>",
        "</script>"})
    int changeState(@Param("id") long id, @Param("from") List<String> from, @Param("to") String to, @Param("code") Integer code,
                    @Param("now") long now);

    @Update({"<script>",
        "UPDATE chat_message SET state = 'EXPIRED', state_at = #{now} WHERE state = 'STORED' AND sent_at &lt; #{before}",
        "<if test='recipient != null'> AND recipient = #{recipient}</if>",
        "</script>"})
    int expireStored(@Param("recipient") String recipient, @Param("before") long sentBefore, @Param("now") long now);

    @Select("SELECT " + COLUMNS + " FROM chat_message WHERE state = 'STORED' AND recipient = #{recipient} ORDER BY sent_at, id")
    List<Row> stored(@Param("recipient") String recipient);

    /**
     * The text filter is portable SQL: LOWER on both sides and LIKE with '!' as the escape
     * character (the store escapes % and _ in what the auditor typed). Base64 bodies are not
     * searched: a match in them would be meaningless.
     */
    @Select({"<script>",
        "SELECT " + COLUMNS + " FROM chat_message",
        "<where>",
        "<if test='since != null'>sent_at &gt;= #{since}</if>",
        "<if test='until != null'> AND sent_at &lt; #{until}</if>",
        "<if test='ext != null'> AND (sender = #{ext} OR recipient = #{ext})</if>",
        "<if test='pattern != null'> AND body_encoding = 'TEXT' AND LOWER(body) LIKE #{pattern} ESCAPE '!'</if>",
        "</where>",
        "ORDER BY sent_at DESC, id DESC LIMIT #{limit}",
        "</script>"})
    List<Row> list(@Param("ext") String extension, @Param("pattern") String pattern, @Param("since") Long since,
                   @Param("until") Long until, @Param("limit") int limit);
}
