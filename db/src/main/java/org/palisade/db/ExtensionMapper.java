package org.palisade.db;

import java.util.List;
import java.util.Optional;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;
import org.palisade.core.extension.Extension;

/** Rows are mapped onto the record by column position: COLUMNS follows Extension's components. */
interface ExtensionMapper {

    String COLUMNS = "number, display_name, department, profile, ha1_md5, ha1_sha256, enabled";

    @Select("SELECT " + COLUMNS + " FROM extension WHERE number = #{number}")
    Optional<Extension> find(String number);

    @Select("SELECT " + COLUMNS + " FROM extension ORDER BY number")
    List<Extension> list();

    @Insert("INSERT INTO extension (" + COLUMNS + ", created_at, updated_at)"
            + " VALUES (#{e.number}, #{e.name}, #{e.department}, #{e.profile}, #{e.ha1Md5}, #{e.ha1Sha256}, #{e.enabled}, #{now}, #{now})")
    void insert(@Param("e") Extension extension, @Param("now") long now);

    @Update("UPDATE extension SET display_name = #{e.name}, department = #{e.department}, profile = #{e.profile},"
            + " ha1_md5 = #{e.ha1Md5}, ha1_sha256 = #{e.ha1Sha256}, enabled = #{e.enabled}, updated_at = #{now}"
            + " WHERE number = #{e.number}")
    int update(@Param("e") Extension extension, @Param("now") long now);

    @Delete("DELETE FROM extension WHERE number = #{number}")
    int delete(String number);
}
