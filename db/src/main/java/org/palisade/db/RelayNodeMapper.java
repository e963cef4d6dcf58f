package org.palisade.db;

import java.util.List;
import java.util.Optional;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

interface RelayNodeMapper {

    /** A node as stored; the store validates it into a RelayNode. */
    record Row(String name, String ngHost, int ngPort, int weight) {
    }

    @Select("SELECT name, ng_host, ng_port, weight FROM relay_node ORDER BY name")
    List<Row> list();

    @Select("SELECT name, ng_host, ng_port, weight FROM relay_node WHERE name = #{name}")
    Optional<Row> find(String name);

    @Insert("INSERT INTO relay_node (name, ng_host, ng_port, weight, created_at) VALUES (#{row.name}, #{row.ngHost}, #{row.ngPort}, #{row.weight}, #{now})")
    void insert(@Param("row") Row row, @Param("now") long now);

    @Delete("DELETE FROM relay_node WHERE name = #{name}")
    int delete(String name);
}
