package org.palisade.core.account;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.palisade.core.admin.ConfigChanges;
import org.palisade.core.storage.Storage;
import org.palisade.core.storage.Transaction;

/**
 * Adding, changing and removing web accounts, each change audited as CONFIG_CHANGED in its own
 * transaction, from the CLI or the web API alike. The audit entry shows role and state and, when
 * the password was set, {@code "password": "changed"}; never the hash.
 *
 * <p>Errors as in {@link org.palisade.core.admin.Administration}: {@link IllegalArgumentException}
 * starting with the field, {@link NoSuchElementException} for an account that does not exist,
 * {@link IllegalStateException} for a conflict (a name taken, the last admin).
 *
 * <p>The last enabled admin cannot be removed, disabled or given another role: nobody could
 * then manage accounts from the web. The CLI can always add another admin.
 */
public final class AccountAdministration {

    /** NIST SP 800-63B asks for at least 8; admin accounts guard the whole PBX, so 12. */
    public static final int MIN_PASSWORD_LENGTH = 12;
    /** Long enough for any passphrase, short enough that nobody can make every login hash megabytes. */
    public static final int MAX_PASSWORD_LENGTH = 1024;
    private static final String ENTITY = "admin-user";

    private final Storage storage;
    private final PasswordHasher hasher;
    private final Clock clock;

    public AccountAdministration(Storage storage, PasswordHasher hasher, Clock clock) {
        this.storage = storage;
        this.hasher = hasher;
        this.clock = clock;
    }

    public AdminUser add(String actor, String name, Role role, char[] password) {
        String key = AdminUser.normalize(name);
        AdminUser.requireValidName(key);
        if (role == null) {
            throw new IllegalArgumentException("role: required");
        }
        Role.requireAccountRole(role);
        requireAcceptable(password);
        AdminUser created = new AdminUser(key, role, hasher.hash(password), true, Instant.ofEpochMilli(clock.millis()));
        return storage.inTransaction(tx -> {
            if (tx.adminUsers().find(key).isPresent()) {
                throw new IllegalStateException("admin user " + key + " already exists");
            }
            tx.adminUsers().insert(created);
            changed(tx, actor, key, "add", null, describe(created, true));
            return created;
        });
    }

    public List<AdminUser> list() {
        return storage.inTransaction(tx -> tx.adminUsers().list());
    }

    public Optional<AdminUser> find(String name) {
        String key = AdminUser.normalize(name);
        return key == null ? Optional.empty() : storage.inTransaction(tx -> tx.adminUsers().find(key));
    }

    /** @throws NoSuchElementException when there is no such account */
    public AdminUser get(String name) {
        return find(name).orElseThrow(() -> missing(name));
    }

    /** Changes what {@code change} gives; the password is hashed before the transaction starts (it is slow). */
    public AdminUser update(String actor, String name, AdminUserChange change) {
        if (change.isEmpty()) {
            throw new IllegalArgumentException("change: nothing to change (give a role, a password or enabled)");
        }
        if (change.password() != null) {
            requireAcceptable(change.password());
        }
        String hash = change.password() == null ? null : hasher.hash(change.password());
        String key = AdminUser.normalize(name);
        return storage.inTransaction(tx -> {
            AdminUser before = (key == null ? Optional.<AdminUser>empty() : tx.adminUsers().findForUpdate(key))
                    .orElseThrow(() -> missing(name));
            AdminUser after = before;
            if (change.role() != null) {
                after = after.withRole(Role.requireAccountRole(change.role()));
            }
            if (change.enabled() != null) {
                after = after.withEnabled(change.enabled());
            }
            if (hash != null) {
                after = after.withPasswordHash(hash);
            }
            if (before.role() == Role.ADMIN && before.enabled() && !(after.role() == Role.ADMIN && after.enabled())) {
                requireAnotherAdmin(tx, key, after.enabled() ? "given another role" : "disabled");
            }
            tx.adminUsers().update(after);
            changed(tx, actor, key, "set", describe(before, false), describe(after, hash != null));
            return after;
        });
    }

    public AdminUser disable(String actor, String name) {
        return update(actor, name, new AdminUserChange(null, null, false));
    }

    public AdminUser enable(String actor, String name) {
        return update(actor, name, new AdminUserChange(null, null, true));
    }

    public AdminUser setPassword(String actor, String name, char[] password) {
        return update(actor, name, new AdminUserChange(null, password, null));
    }

    public void remove(String actor, String name) {
        String key = AdminUser.normalize(name);
        storage.inTransaction(tx -> {
            AdminUser before = (key == null ? Optional.<AdminUser>empty() : tx.adminUsers().findForUpdate(key))
                    .orElseThrow(() -> missing(name));
            if (before.role() == Role.ADMIN && before.enabled()) {
                requireAnotherAdmin(tx, key, "removed");
            }
            if (!tx.adminUsers().delete(key)) {
                throw missing(name);
            }
            changed(tx, actor, key, "remove", describe(before, false), null);
            return null;
        });
    }

    /** @throws IllegalArgumentException "password: ..." when it is too short or too long */
    public static void requireAcceptable(char[] password) {
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("password: required");
        }
        if (password.length < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("password: at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password.length > MAX_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("password: at most " + MAX_PASSWORD_LENGTH + " characters");
        }
    }

    /**
     * Another enabled admin must remain. Two admins demoting each other at once could both pass
     * this check; the rows they lock are different. Accepted: the CLI can always add an admin.
     */
    private static void requireAnotherAdmin(Transaction tx, String name, String what) {
        boolean another = tx.adminUsers().list().stream()
                .anyMatch(u -> u.role() == Role.ADMIN && u.enabled() && !u.name().equals(name));
        if (!another) {
            throw new IllegalStateException("admin user " + name + " is the last enabled admin and cannot be " + what);
        }
    }

    private void changed(Transaction tx, String actor, String name, String action, Object before, Object after) {
        ConfigChanges.record(tx, clock.millis(), actor, ENTITY, name, action, before, after);
    }

    private static NoSuchElementException missing(String name) {
        return new NoSuchElementException("admin user " + name + " does not exist");
    }

    /** What the audit log may say about an account: never the hash, only that the password changed. */
    private static Map<String, Object> describe(AdminUser u, boolean passwordChanged) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", u.role().label());
        m.put("enabled", u.enabled());
        if (passwordChanged) {
            m.put("password", "changed");
        }
        return m;
    }
}
