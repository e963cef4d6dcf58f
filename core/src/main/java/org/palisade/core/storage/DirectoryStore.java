package org.palisade.core.storage;

import java.util.List;
import java.util.Optional;
import org.palisade.core.directory.DirectoryLink;
import org.palisade.core.directory.DirectorySettings;
import org.palisade.core.directory.DirectorySyncStatus;
import org.palisade.core.directory.GroupMapping;

/** The directory sync's configuration and its own bookkeeping (links, last status, the run lease). */
public interface DirectoryStore {

    /** Empty until configured. */
    Optional<DirectorySettings> settings();

    /** Like {@link #settings}, holding the row until the transaction ends (for a change's "before"). */
    Optional<DirectorySettings> settingsForUpdate();

    void saveSettings(DirectorySettings settings);

    /** Profile mappings by rank then DN, then role mappings by DN. */
    List<GroupMapping> groupMappings();

    /** Inserts or replaces the mapping of that group and kind. */
    void putGroupMapping(GroupMapping mapping);

    /** @return how many mappings (profile, role) the group had */
    int deleteGroupMappings(String groupDn);

    /** By extension number. */
    List<DirectoryLink> links();

    Optional<DirectoryLink> linkForKey(String directoryKey);

    /**
     * Inserts or replaces the link of {@code link.extension()}. Another extension that held the same
     * key loses it first (its person moved here), so a key links at most one extension.
     */
    void saveLink(DirectoryLink link);

    void deleteLink(String extension);

    Optional<DirectorySyncStatus> status();

    void saveStatus(DirectorySyncStatus status);

    /**
     * Takes the run lease when nobody holds it, or when its holder took it before {@code staleBeforeMillis}
     * (it died); renews it when {@code owner} holds it already. So one sync runs at a time across
     * processes and nodes.
     *
     * @return false when someone else holds it
     */
    boolean tryLease(String owner, long nowMillis, long staleBeforeMillis);

    /** Gives the lease back if {@code owner} holds it. */
    void releaseLease(String owner);

    /** Who holds the lease, and since when (for the message of a refused run); empty when free. */
    Optional<String> leaseHolder();
}
