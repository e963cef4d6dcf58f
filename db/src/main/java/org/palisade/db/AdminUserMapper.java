package org.palisade.db;

import java.util.List;
import java.util.Optional;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

interface AdminUserMapper {

    /** An account as stored; the store turns it into an AdminUser. Columns follow the components. */
    record Row(String name, String role, String passwordHash, boolean enabled, long createdAt) {
    }

    String COLUMNS = "name, role, password_hash, enabled, created_at";

    @Select("SELECT " + COLUMNS + " FROM admin_user ORDER BY name")
    List<Row> list();

    @Select("SELECT " + COLUMNS + " FROM admin_user WHERE name = #{name}")
    Optional<Row> find(String name);

    @Select("SELECT " + COLUMNS + " FROM admin_user WHERE name = #{name} FOR UPDATE")
    Optional<Row> findForUpdate(String name);

    @Insert("INSERT INTO admin_user (" + COLUMNS + ", updated_at)"
            + " VALUES (#{row.name}, #{row.role}, #{row.passwordHash}, #{row.enabled}, #{row.createdAt}, #{now})")
    void insert(@Param("row") Row row, @Param("now") long now);

    @Update("UPDATE admin_user SET role = #{row.role}, password_hash = #{row.passwordHash}, enabled = #{row.enabled},"
            + " updated_at = #{now} WHERE name = #{row.name}")
    int update(@Param("row") Row row, @Param("now") long now);

    @Delete("DELETE FROM admin_user WHERE name = #{name}")
    int delete(String name);
}
