package org.palisade.directory;

import com.unboundid.ldap.sdk.LDAPConnection;
import java.util.Optional;
import java.util.Set;
import org.palisade.core.account.Role;
import org.palisade.core.directory.DirectoryLink;
import org.palisade.core.storage.Storage;

/**
 * The directory as the logins with directory credentials will use it: find a person by login
 * with the service account, check their password by binding as them, and tell their roles and
 * profile from the group mappings. Each call opens its own connection and closes it again.
 *
 * <pre>
 * DirectoryClient dir = DirectoryClient.configured(storage, secrets).orElseThrow();
 * Person p = dir.findByLogin("alice").orElse(null);          // null: 401, same as a wrong password
 * if (p != null &amp;&amp; !p.disabled() &amp;&amp; dir.passwordMatches(p, password)) {
 *     Set&lt;Role&gt; roles = dir.rolesFor(p);                   // empty: self-service only
 *     Optional&lt;DirectoryLink&gt; phone = DirectoryClient.extensionOf(storage, p);
 * }
 * </pre>
 */
public final class DirectoryClient {

    private final DirectorySetup setup;
    private final LdapConnector connector;

    public DirectoryClient(DirectorySetup setup, SecretOpener secrets) {
        this.setup = setup;
        this.connector = setup.connector(secrets);
    }

    /** Empty when no directory is configured; reads the settings now. */
    public static Optional<DirectoryClient> configured(Storage storage, SecretOpener secrets) {
        return DirectorySetup.load(storage).map(s -> new DirectoryClient(s, secrets));
    }

    public DirectorySetup setup() {
        return setup;
    }

    public LdapConnector connector() {
        return connector;
    }

    /**
     * @return the one entry of the user filter with that login (any login attribute); empty when
     *         none or several match
     * @throws DirectoryException when the directory cannot be used
     */
    public Optional<Person> findByLogin(String login) {
        try (LDAPConnection c = connector.openServiceConnection()) {
            return setup.people().findByLogin(c, login);
        }
    }

    /** @return false for a wrong password; see {@link LdapConnector#passwordMatches} */
    public boolean passwordMatches(Person person, char[] password) {
        return connector.passwordMatches(person.dn(), password);
    }

    /** Every group the person is in, nested groups included (normalised DNs). */
    public Set<String> groupsOf(Person person) {
        try (LDAPConnection c = connector.openServiceConnection()) {
            return setup.membership().groupsOf(c, person);
        }
    }

    /** The web roles their groups map to (re-read from the directory now); empty for none. */
    public Set<Role> rolesFor(Person person) {
        return setup.mappings().rolesFor(groupsOf(person));
    }

    /** The rights profile the sync gives them. */
    public String profileFor(Person person) {
        return setup.mappings().profileFor(groupsOf(person));
    }

    /** The extension the sync made for this person, if any (by their stable key). */
    public static Optional<DirectoryLink> extensionOf(Storage storage, Person person) {
        if (person.key() == null) {
            return Optional.empty();
        }
        return storage.inTransaction(tx -> tx.directory().linkForKey(person.key()));
    }
}
