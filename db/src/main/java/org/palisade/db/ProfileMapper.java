package org.palisade.db;

import java.util.List;
import java.util.Optional;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

interface ProfileMapper {

    /** A profile as stored; the store turns {@code rights} into a set. */
    record Row(String name, String rights) {
    }

    @Select("SELECT name, rights FROM rights_profile WHERE name = #{name}")
    Optional<Row> find(String name);

    @Select("SELECT name, rights FROM rights_profile ORDER BY name")
    List<Row> list();

    @Insert("INSERT INTO rights_profile (name, rights, created_at, updated_at) VALUES (#{name}, #{rights}, #{now}, #{now})")
    void insert(@Param("name") String name, @Param("rights") String rights, @Param("now") long now);

    @Update("UPDATE rights_profile SET rights = #{rights}, updated_at = #{now} WHERE name = #{name}")
    int update(@Param("name") String name, @Param("rights") String rights, @Param("now") long now);

    @Select("SELECT COUNT(*) FROM extension WHERE profile = #{name}")
    int countExtensionsUsing(String name);
}
