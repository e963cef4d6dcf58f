package org.palisade.directory;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import java.util.List;
import java.util.Optional;
import org.palisade.core.directory.DirectorySettings;
import org.palisade.core.directory.GroupMapping;
import org.palisade.core.storage.Storage;

/**
 * The stored settings and group mappings, read as LDAP: the attribute map with its overrides, the
 * user filter parsed, the mappings ready to apply. Cheap to make: read it again for every sync
 * and every login, so a {@code directory configure} applies at once.
 */
public record DirectorySetup(DirectorySettings settings, AttributeMap attributes, Filter userFilter, GroupMappings mappings) {

    public static DirectorySetup of(DirectorySettings settings, List<GroupMapping> mappings) {
        AttributeMap attributes = AttributeMap.of(settings.flavor(), settings.attributeMap());
        String filter = settings.userFilter() != null ? settings.userFilter() : AttributeMap.defaultUserFilter(settings.flavor());
        return new DirectorySetup(settings, attributes, parseFilter(filter), new GroupMappings(mappings, settings.defaultProfile()));
    }

    /** Empty when the directory is not configured. */
    public static Optional<DirectorySetup> load(Storage storage) {
        return storage.inTransaction(tx -> tx.directory().settings().map(s -> of(s, tx.directory().groupMappings())));
    }

    /** @throws IllegalArgumentException "user-filter: ..." */
    public static Filter parseFilter(String filter) {
        try {
            return Filter.create(filter.trim());
        } catch (LDAPException e) {
            throw new IllegalArgumentException("user-filter: not an LDAP filter '" + filter + "': " + e.getExceptionMessage());
        }
    }

    public DirectoryPeople people() {
        return new DirectoryPeople(settings.baseDn(), userFilter, attributes);
    }

    public GroupMembership membership() {
        return new GroupMembership(settings.flavor(), people(), userFilter);
    }

    /** @throws IllegalArgumentException "url: ..." when the URL is bad or would send a password unencrypted */
    public LdapConnector connector(SecretOpener secrets) {
        return new LdapConnector(settings, secrets);
    }
}
