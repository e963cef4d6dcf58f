package org.palisade.db;

import java.util.List;
import java.util.Optional;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.palisade.core.trunk.Did;

/** Rows map onto the record by column position. */
interface DidMapper {

    @Select("SELECT number, extension FROM did WHERE number = #{number}")
    Optional<Did> find(String number);

    @Select("SELECT number, extension FROM did ORDER BY number")
    List<Did> list();

    @Insert("INSERT INTO did (number, extension, created_at) VALUES (#{d.number}, #{d.extension}, #{now})")
    void insert(@Param("d") Did did, @Param("now") long now);

    @Delete("DELETE FROM did WHERE number = #{number}")
    int delete(String number);
}
