package org.palisade.db;

import java.util.List;
import java.util.Optional;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

interface DirectoryMapper {

    /** The settings as stored; rows map by column position, so SETTINGS follows the components. */
    record SettingsRow(String url, boolean startTls, String bindDn, String bindPasswordSealed, String baseDn, String userFilter,
                       String flavor, String attributeMap, String defaultProfile, long scheduleSeconds, int maxDisablePercent,
                       String trustStorePath, String trustStorePasswordSealed, long connectTimeoutMillis, long readTimeoutMillis,
                       boolean allowPlainBind) {
    }

    String SETTINGS = "url, start_tls, bind_dn, bind_password_sealed, base_dn, user_filter, flavor, attribute_map, default_profile,"
            + " schedule_seconds, max_disable_percent, trust_store_path, trust_store_password_sealed, connect_timeout_millis,"
            + " read_timeout_millis, allow_plain_bind";

    @Select("SELECT " + SETTINGS + " FROM directory_settings WHERE id = 1")
    Optional<SettingsRow> settings();

    @Select("SELECT " + SETTINGS + " FROM directory_settings WHERE id = 1 FOR UPDATE")
    Optional<SettingsRow> settingsForUpdate();

    @Insert("INSERT INTO directory_settings (id, " + SETTINGS + ", updated_at) VALUES (1, #{s.url}, #{s.startTls}, #{s.bindDn},"
            + " #{s.bindPasswordSealed}, #{s.baseDn}, #{s.userFilter}, #{s.flavor}, #{s.attributeMap}, #{s.defaultProfile},"
            + " #{s.scheduleSeconds}, #{s.maxDisablePercent}, #{s.trustStorePath}, #{s.trustStorePasswordSealed},"
            + " #{s.connectTimeoutMillis}, #{s.readTimeoutMillis}, #{s.allowPlainBind}, #{now})")
    void insertSettings(@Param("s") SettingsRow row, @Param("now") long now);

    @Update("UPDATE directory_settings SET url = #{s.url}, start_tls = #{s.startTls}, bind_dn = #{s.bindDn},"
            + " bind_password_sealed = #{s.bindPasswordSealed}, base_dn = #{s.baseDn}, user_filter = #{s.userFilter},"
            + " flavor = #{s.flavor}, attribute_map = #{s.attributeMap}, default_profile = #{s.defaultProfile},"
            + " schedule_seconds = #{s.scheduleSeconds}, max_disable_percent = #{s.maxDisablePercent},"
            + " trust_store_path = #{s.trustStorePath}, trust_store_password_sealed = #{s.trustStorePasswordSealed},"
            + " connect_timeout_millis = #{s.connectTimeoutMillis}, read_timeout_millis = #{s.readTimeoutMillis},"
            + " allow_plain_bind = #{s.allowPlainBind}, updated_at = #{now} WHERE id = 1")
    int updateSettings(@Param("s") SettingsRow row, @Param("now") long now);

    record GroupRow(String groupDn, String kind, String target, int rank) {
    }

    @Select("SELECT group_dn, kind, target, map_rank FROM directory_group_map ORDER BY kind, map_rank, group_dn")
    List<GroupRow> groups();

    @Update("UPDATE directory_group_map SET target = #{g.target}, map_rank = #{g.rank} WHERE group_dn = #{g.groupDn} AND kind = #{g.kind}")
    int updateGroup(@Param("g") GroupRow row);

    @Insert("INSERT INTO directory_group_map (group_dn, kind, target, map_rank, created_at)"
            + " VALUES (#{g.groupDn}, #{g.kind}, #{g.target}, #{g.rank}, #{now})")
    void insertGroup(@Param("g") GroupRow row, @Param("now") long now);

    @Delete("DELETE FROM directory_group_map WHERE group_dn = #{groupDn}")
    int deleteGroups(String groupDn);

    record LinkRow(String extension, String directoryKey, String dn, String login, boolean disabledByDirectory) {
    }

    String LINK = "extension, directory_key, dn, login, disabled_by_directory";

    @Select("SELECT " + LINK + " FROM directory_link ORDER BY extension")
    List<LinkRow> links();

    @Select("SELECT " + LINK + " FROM directory_link WHERE directory_key = #{key}")
    Optional<LinkRow> linkForKey(String key);

    @Update("UPDATE directory_link SET directory_key = NULL, updated_at = #{now} WHERE directory_key = #{key} AND extension <> #{extension}")
    int releaseKey(@Param("key") String key, @Param("extension") String extension, @Param("now") long now);

    @Update("UPDATE directory_link SET directory_key = #{l.directoryKey}, dn = #{l.dn}, login = #{l.login},"
            + " disabled_by_directory = #{l.disabledByDirectory}, updated_at = #{now}"
            + " WHERE extension = #{l.extension}")
    int updateLink(@Param("l") LinkRow row, @Param("now") long now);

    @Insert("INSERT INTO directory_link (" + LINK + ", created_at, updated_at) VALUES (#{l.extension}, #{l.directoryKey}, #{l.dn},"
            + " #{l.login}, #{l.disabledByDirectory}, #{now}, #{now})")
    void insertLink(@Param("l") LinkRow row, @Param("now") long now);

    @Delete("DELETE FROM directory_link WHERE extension = #{extension}")
    int deleteLink(String extension);

    record StatusRow(Long startedAt, Long finishedAt, String result, String trigger, Boolean forced, Integer people, Integer created,
                     Integer updated, Integer disabled, Integer enabled, Integer unchanged, Integer problems, String error) {
    }

    @Select("SELECT started_at, finished_at, result, run_trigger, forced, people, created, updated, disabled, enabled, unchanged,"
            + " problems, error FROM directory_sync_state WHERE id = 1")
    Optional<StatusRow> status();

    @Update("UPDATE directory_sync_state SET started_at = #{s.startedAt}, finished_at = #{s.finishedAt}, result = #{s.result},"
            + " run_trigger = #{s.trigger}, forced = #{s.forced}, people = #{s.people}, created = #{s.created}, updated = #{s.updated},"
            + " disabled = #{s.disabled}, enabled = #{s.enabled}, unchanged = #{s.unchanged}, problems = #{s.problems},"
            + " error = #{s.error} WHERE id = 1")
    int saveStatus(@Param("s") StatusRow row);

    @Update("UPDATE directory_sync_state SET lease_owner = #{owner}, lease_at = #{now} WHERE id = 1"
            + " AND (lease_owner IS NULL OR lease_owner = #{owner} OR lease_at < #{staleBefore})")
    int tryLease(@Param("owner") String owner, @Param("now") long now, @Param("staleBefore") long staleBefore);

    @Update("UPDATE directory_sync_state SET lease_owner = NULL, lease_at = NULL WHERE id = 1 AND lease_owner = #{owner}")
    int releaseLease(String owner);

    record LeaseRow(String owner, long at) {
    }

    @Select("SELECT lease_owner, lease_at FROM directory_sync_state WHERE id = 1 AND lease_owner IS NOT NULL")
    Optional<LeaseRow> leaseHolder();
}
