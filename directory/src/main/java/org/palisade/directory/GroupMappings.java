package org.palisade.directory;

import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.palisade.core.account.Role;
import org.palisade.core.directory.GroupMapping;

/**
 * What a person's groups give them: a rights profile (the mapped group with the lowest rank among
 * theirs; ties by DN; none: the default profile) and web roles (every role a group of theirs maps to).
 */
public final class GroupMappings {

    private final List<GroupMapping> profiles;
    private final List<GroupMapping> roles;
    private final String defaultProfile;

    public GroupMappings(List<GroupMapping> mappings, String defaultProfile) {
        this.profiles = mappings.stream().filter(m -> m.kind() == GroupMapping.Kind.PROFILE)
                .sorted(Comparator.comparingInt(GroupMapping::rank).thenComparing(GroupMapping::groupDn)).toList();
        this.roles = mappings.stream().filter(m -> m.kind() == GroupMapping.Kind.ROLE).toList();
        this.defaultProfile = defaultProfile;
    }

    /** Every mapped group (normalised DNs), profiles first by rank. */
    public Set<String> groups() {
        Set<String> all = new LinkedHashSet<>();
        profiles.forEach(m -> all.add(m.groupDn()));
        roles.forEach(m -> all.add(m.groupDn()));
        return all;
    }

    /** @param groups normalised DNs of the groups the person is in */
    public String profileFor(Set<String> groups) {
        for (GroupMapping m : profiles) {
            if (groups.contains(m.groupDn())) {
                return m.target();
            }
        }
        return defaultProfile;
    }

    /** @param groups normalised DNs of the groups the person is in; empty: no role (self-service only) */
    public Set<Role> rolesFor(Set<String> groups) {
        Set<Role> r = EnumSet.noneOf(Role.class);
        for (GroupMapping m : roles) {
            if (groups.contains(m.groupDn())) {
                r.add(m.role());
            }
        }
        return r;
    }

    public String defaultProfile() {
        return defaultProfile;
    }
}
