package org.palisade.db;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.palisade.core.directory.DirectoryFlavor;
import org.palisade.core.directory.DirectoryLink;
import org.palisade.core.directory.DirectorySettings;
import org.palisade.core.directory.DirectorySyncStatus;
import org.palisade.core.directory.GroupMapping;
import org.palisade.core.storage.DirectoryStore;

final class SqlDirectoryStore implements DirectoryStore {

    private final DirectoryMapper mapper;
    private final Clock clock;

    SqlDirectoryStore(DirectoryMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    @Override
    public Optional<DirectorySettings> settings() {
        return mapper.settings().map(SqlDirectoryStore::toSettings);
    }

    @Override
    public Optional<DirectorySettings> settingsForUpdate() {
        return mapper.settingsForUpdate().map(SqlDirectoryStore::toSettings);
    }

    @Override
    public void saveSettings(DirectorySettings s) {
        DirectoryMapper.SettingsRow row = new DirectoryMapper.SettingsRow(s.url(), s.startTls(), s.bindDn(), s.bindPasswordSealed(),
                s.baseDn(), s.userFilter(), s.flavor().name(), mapText(s.attributeMap()), s.defaultProfile(), s.schedule().toSeconds(),
                s.maxDisablePercent(), s.trustStorePath(), s.trustStorePasswordSealed(), s.connectTimeout().toMillis(),
                s.readTimeout().toMillis(), s.allowPlainBind());
        long now = clock.millis();
        if (mapper.updateSettings(row, now) == 0) {
            Conflicts.translate("directory settings", () -> mapper.insertSettings(row, now));
        }
    }

    @Override
    public List<GroupMapping> groupMappings() {
        List<GroupMapping> profiles = new ArrayList<>();
        List<GroupMapping> roles = new ArrayList<>();
        for (DirectoryMapper.GroupRow r : mapper.groups()) {
            GroupMapping m = new GroupMapping(r.groupDn(), GroupMapping.Kind.valueOf(r.kind()), r.target(), r.rank());
            (m.kind() == GroupMapping.Kind.PROFILE ? profiles : roles).add(m);
        }
        profiles.addAll(roles);
        return profiles;
    }

    @Override
    public void putGroupMapping(GroupMapping m) {
        DirectoryMapper.GroupRow row = new DirectoryMapper.GroupRow(m.groupDn(), m.kind().name(), m.target(), m.rank());
        if (mapper.updateGroup(row) == 0) {
            Conflicts.translate("group mapping " + m.groupDn(), () -> mapper.insertGroup(row, clock.millis()));
        }
    }

    @Override
    public int deleteGroupMappings(String groupDn) {
        return mapper.deleteGroups(groupDn);
    }

    @Override
    public List<DirectoryLink> links() {
        return mapper.links().stream().map(SqlDirectoryStore::toLink).toList();
    }

    @Override
    public Optional<DirectoryLink> linkForKey(String directoryKey) {
        return mapper.linkForKey(directoryKey).map(SqlDirectoryStore::toLink);
    }

    @Override
    public void saveLink(DirectoryLink l) {
        long now = clock.millis();
        if (l.directoryKey() != null) {
            mapper.releaseKey(l.directoryKey(), l.extension(), now);
        }
        DirectoryMapper.LinkRow row = new DirectoryMapper.LinkRow(l.extension(), l.directoryKey(), l.dn(), l.login(),
                l.disabledByDirectory());
        if (mapper.updateLink(row, now) == 0) {
            Conflicts.translate("directory link of extension " + l.extension(), () -> mapper.insertLink(row, now));
        }
    }

    @Override
    public void deleteLink(String extension) {
        mapper.deleteLink(extension);
    }

    @Override
    public Optional<DirectorySyncStatus> status() {
        return mapper.status().filter(r -> r.result() != null).map(r -> new DirectorySyncStatus(r.startedAt(), r.finishedAt(),
                DirectorySyncStatus.Result.valueOf(r.result()), r.trigger(), Boolean.TRUE.equals(r.forced()), n(r.people()), n(r.created()),
                n(r.updated()), n(r.disabled()), n(r.enabled()), n(r.unchanged()), n(r.problems()), r.error()));
    }

    @Override
    public void saveStatus(DirectorySyncStatus s) {
        mapper.saveStatus(new DirectoryMapper.StatusRow(s.startedAtMillis(), s.finishedAtMillis(), s.result().name(), s.trigger(),
                s.forced(), s.people(), s.created(), s.updated(), s.disabled(), s.enabled(), s.unchanged(), s.problems(), s.error()));
    }

    @Override
    public boolean tryLease(String owner, long nowMillis, long staleBeforeMillis) {
        return mapper.tryLease(owner, nowMillis, staleBeforeMillis) > 0;
    }

    @Override
    public void releaseLease(String owner) {
        mapper.releaseLease(owner);
    }

    @Override
    public Optional<String> leaseHolder() {
        return mapper.leaseHolder().map(l -> l.owner() + " since " + Instant.ofEpochMilli(l.at()));
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }

    /** One "field=attribute,attribute" per line: attribute descriptions may hold ';' (options), never a newline. */
    static String mapText(Map<String, List<String>> map) {
        StringBuilder sb = new StringBuilder();
        map.forEach((field, attributes) -> {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(field).append('=').append(String.join(",", attributes));
        });
        return sb.toString();
    }

    static Map<String, List<String>> parseMap(String text) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        if (text != null) {
            for (String line : text.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    map.put(line.substring(0, eq), List.copyOf(Arrays.asList(line.substring(eq + 1).split(","))));
                }
            }
        }
        return map;
    }

    private static DirectorySettings toSettings(DirectoryMapper.SettingsRow r) {
        return new DirectorySettings(r.url(), r.startTls(), r.bindDn(), r.bindPasswordSealed(), r.baseDn(), r.userFilter(),
                DirectoryFlavor.valueOf(r.flavor()), parseMap(r.attributeMap()), r.defaultProfile(), Duration.ofSeconds(r.scheduleSeconds()),
                r.maxDisablePercent(), r.trustStorePath(), r.trustStorePasswordSealed(), Duration.ofMillis(r.connectTimeoutMillis()),
                Duration.ofMillis(r.readTimeoutMillis()), r.allowPlainBind());
    }

    private static DirectoryLink toLink(DirectoryMapper.LinkRow r) {
        return new DirectoryLink(r.extension(), r.directoryKey(), r.dn(), r.login(), r.disabledByDirectory());
    }
}
