package org.palisade.db;

import java.util.List;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

interface ServiceMapper {

    @Select("SELECT service FROM disabled_service")
    List<String> disabled();

    @Insert("INSERT IGNORE INTO disabled_service (service, disabled_at, disabled_by) VALUES (#{service}, #{now}, #{actor})")
    int disable(@Param("service") String service, @Param("actor") String actor, @Param("now") long now);

    @Delete("DELETE FROM disabled_service WHERE service = #{service}")
    int enable(String service);
}
