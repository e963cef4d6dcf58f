package org.palisade.server;

import java.util.Optional;
import java.util.Set;
import org.palisade.core.account.AdminUser;
import org.palisade.core.account.Role;
import org.palisade.core.storage.Storage;
import org.palisade.directory.DirectoryClient;
import org.palisade.directory.Person;
import org.palisade.directory.SecretOpener;
import org.palisade.web.session.DirectoryLogins;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Web logins with directory credentials: the person is found by a login attribute with the
 * service account, the password checked by binding as them (never stored), the role taken from
 * the group mappings. The directory settings are read at each call, so a directory configured or
 * removed while the node runs takes effect at once.
 *
 * <p>Role: the highest privilege among the mapped roles wins (admin, then auditor, then finance,
 * the {@link Role} order); no mapping gives {@link Role#SELF_SERVICE}.
 */
public final class DirectoryWebLogins implements DirectoryLogins {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryWebLogins.class);

    private final Storage storage;
    private final SecretOpener secrets;

    public DirectoryWebLogins(Storage storage, SecretOpener secrets) {
        this.storage = storage;
        this.secrets = secrets;
    }

    @Override
    public Result check(String name, char[] password) {
        try {
            Optional<DirectoryClient> dir = DirectoryClient.configured(storage, secrets);
            if (dir.isEmpty()) {
                return null; // no directory: the local refusal stands, audited as before
            }
            String login = name.trim();
            if (login.isEmpty()) {
                return new Result.Refused("unknown user");
            }
            Optional<Person> person = dir.get().findByLogin(login);
            if (person.isEmpty()) {
                return new Result.Refused("unknown user");
            }
            if (person.get().disabled()) {
                return new Result.Refused("disabled in the directory");
            }
            if (!dir.get().passwordMatches(person.get(), password)) {
                return new Result.Refused("wrong password");
            }
            // The person's first login (sAMAccountName, uid) names the session, whichever login was typed
            // (a UPN too): the audit log, the re-check and the linked extension all use that one.
            String canonical = person.get().login() != null ? person.get().login() : login;
            return new Result.Accepted(AdminUser.normalize(canonical), role(dir.get().rolesFor(person.get())));
        } catch (RuntimeException e) {
            LOG.warn("directory login of {} refused: the directory cannot be used: {}", name.replaceAll("\\p{Cntrl}", "?"),
                    e.toString());
            return new Result.Refused("directory unreachable");
        }
    }

    @Override
    public String recheck(String username, Role role) {
        try {
            Optional<DirectoryClient> dir = DirectoryClient.configured(storage, secrets);
            if (dir.isEmpty()) {
                return "directory no longer configured";
            }
            Optional<Person> person = dir.get().findByLogin(username);
            if (person.isEmpty()) {
                return "removed from the directory";
            }
            if (person.get().disabled()) {
                return "disabled in the directory";
            }
            Role now = role(dir.get().rolesFor(person.get()));
            return now == role ? null : "directory role changed from " + role.label() + " to " + now.label();
        } catch (RuntimeException e) {
            // A directory blip must not log everybody out: the next request asks again.
            LOG.warn("cannot re-check the directory membership of {}: {}", username, e.toString());
            return null;
        }
    }

    @Override
    public long lastSyncMillis() {
        try {
            return storage.inTransaction(tx -> tx.directory().status()).map(s -> s.finishedAtMillis()).orElse(0L);
        } catch (RuntimeException e) {
            return 0; // the database is needed for everything else too: the request fails there, not here
        }
    }

    /** The highest privilege wins; none is self-service. */
    static Role role(Set<Role> mapped) {
        for (Role r : Role.values()) {
            if (r != Role.SELF_SERVICE && mapped.contains(r)) {
                return r;
            }
        }
        return Role.SELF_SERVICE;
    }
}
