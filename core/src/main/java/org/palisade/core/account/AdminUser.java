package org.palisade.core.account;

import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A local account for the web UI and API.
 *
 * <p>The name is kept in lower case, as relay node names are: MariaDB compares names
 * case-insensitively and H2 does not, so "Alice" and "alice" must not be two accounts on one
 * database and one on the other. {@code passwordHash} is a {@link PasswordHasher} string, never
 * the password; {@link #toString()} leaves it out so that it cannot reach a log.
 */
public record AdminUser(String name, Role role, String passwordHash, boolean enabled, Instant created) {

    /** Letters, digits and {@code . _ @ -}: what directory account names and e-mail addresses use. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");

    public AdminUser {
        name = normalize(name);
        requireValidName(name);
        if (role == null) {
            throw new IllegalArgumentException("role: required");
        }
        if (passwordHash == null || passwordHash.isEmpty()) {
            throw new IllegalArgumentException("password: required");
        }
    }

    /** The stored form of a name as typed: trimmed and in lower case; null stays null. */
    public static String normalize(String name) {
        return name == null ? null : name.trim().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException "name: ..." */
    public static void requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: 1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
        }
    }

    public AdminUser withRole(Role newRole) {
        return new AdminUser(name, newRole, passwordHash, enabled, created);
    }

    public AdminUser withPasswordHash(String newHash) {
        return new AdminUser(name, role, newHash, enabled, created);
    }

    public AdminUser withEnabled(boolean newEnabled) {
        return new AdminUser(name, role, passwordHash, newEnabled, created);
    }

    @Override
    public String toString() {
        return "AdminUser[name=" + name + ", role=" + role.label() + ", enabled=" + enabled + ", created=" + created + "]";
    }
}
