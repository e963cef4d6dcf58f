package org.palisade.db;

import java.util.List;
import java.util.Optional;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;
import org.palisade.core.trunk.Route;

interface RouteMapper {

    /** A route without its trunks; rows map by column position. */
    record Row(String name, int routeOrder, String kind, String pattern, int strip, String prepend) {
    }

    /** One trunk of a route's list. */
    record TrunkRow(String routeName, int seq, String trunkName) {
    }

    String COLUMNS = "name, route_order, kind, pattern, strip, prepend";

    @Select("SELECT id FROM dial_plan_lock WHERE id = 1 FOR UPDATE")
    Integer lock();

    @Select("SELECT " + COLUMNS + " FROM dial_route WHERE name = #{name}")
    Optional<Row> find(String name);

    @Select("SELECT " + COLUMNS + " FROM dial_route ORDER BY route_order, name")
    List<Row> list();

    @Select("SELECT route_name, seq, trunk_name FROM dial_route_trunk WHERE route_name = #{name} ORDER BY seq")
    List<TrunkRow> trunksOf(String name);

    @Select("SELECT route_name, seq, trunk_name FROM dial_route_trunk ORDER BY route_name, seq")
    List<TrunkRow> allTrunks();

    @Select("SELECT DISTINCT route_name FROM dial_route_trunk WHERE trunk_name = #{trunk} ORDER BY route_name")
    List<String> usingTrunk(String trunk);

    @Update("UPDATE dial_route SET route_order = route_order + #{by} WHERE route_order >= #{from}")
    int shift(@Param("from") int from, @Param("by") int by);

    @Insert("INSERT INTO dial_route (" + COLUMNS + ", created_at) VALUES (#{r.name}, #{r.position}, #{kind}, #{r.pattern},"
            + " #{r.strip}, #{r.prepend}, #{now})")
    void insert(@Param("r") Route route, @Param("kind") String kind, @Param("now") long now);

    @Insert("INSERT INTO dial_route_trunk (route_name, seq, trunk_name) VALUES (#{route}, #{seq}, #{trunk})")
    void insertTrunk(@Param("route") String route, @Param("seq") int seq, @Param("trunk") String trunk);

    @Delete("DELETE FROM dial_route_trunk WHERE route_name = #{name}")
    int deleteTrunks(String name);

    @Delete("DELETE FROM dial_route WHERE name = #{name}")
    int delete(String name);
}
