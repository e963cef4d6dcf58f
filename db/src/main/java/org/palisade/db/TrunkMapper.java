package org.palisade.db;

import java.util.List;
import java.util.Optional;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;
import org.palisade.core.trunk.Trunk;

interface TrunkMapper {

    /** A trunk as stored; rows map by column position, so COLUMNS follows the components. */
    record Row(String name, String peerHost, Integer peerPort, String transport, boolean registering, String username,
               String passwordSealed, int maxCalls, int priority, boolean enabled) {
    }

    String COLUMNS = "name, peer_host, peer_port, transport, registering, username, password_sealed, max_calls, priority, enabled";

    @Select("SELECT " + COLUMNS + " FROM trunk WHERE name = #{name}")
    Optional<Row> find(String name);

    @Select("SELECT " + COLUMNS + " FROM trunk ORDER BY name")
    List<Row> list();

    @Insert("INSERT INTO trunk (" + COLUMNS + ", created_at, updated_at) VALUES (#{t.name}, #{t.peerHost}, #{t.peerPort},"
            + " #{transport}, #{t.register}, #{t.username}, #{t.encryptedPassword}, #{t.maxCalls}, #{t.priority}, #{t.enabled},"
            + " #{now}, #{now})")
    void insert(@Param("t") Trunk trunk, @Param("transport") String transport, @Param("now") long now);

    @Update("UPDATE trunk SET peer_host = #{t.peerHost}, peer_port = #{t.peerPort}, transport = #{transport},"
            + " registering = #{t.register}, username = #{t.username}, password_sealed = #{t.encryptedPassword},"
            + " max_calls = #{t.maxCalls}, priority = #{t.priority}, enabled = #{t.enabled}, updated_at = #{now} WHERE name = #{t.name}")
    int update(@Param("t") Trunk trunk, @Param("transport") String transport, @Param("now") long now);

    @Delete("DELETE FROM trunk WHERE name = #{name}")
    int delete(String name);
}
