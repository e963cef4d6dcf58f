package org.palisade.core.account;

import java.util.Optional;
import org.palisade.core.storage.Storage;

/**
 * Checks a web login against the local accounts. Unknown names and disabled accounts cost the
 * same hashing work as a wrong password, and the caller gets one kind of refusal for all of
 * them; only {@link Result.Refused#reason()}, meant for the audit log, tells them apart.
 */
public final class AdminAuthenticator {

    public sealed interface Result {
        record Accepted(AdminUser user) implements Result {
        }

        /** @param reason for the audit log only: "unknown user", "account disabled", "wrong password" */
        record Refused(String reason) implements Result {
        }
    }

    private final Storage storage;
    private final PasswordHasher hasher;

    public AdminAuthenticator(Storage storage, PasswordHasher hasher) {
        this.storage = storage;
        this.hasher = hasher;
    }

    /** The account is read in a short transaction; the slow hash runs after it, holding no connection. */
    public Result check(String name, char[] password) {
        String key = AdminUser.normalize(name);
        Optional<AdminUser> user = key == null || key.isEmpty() || key.length() > 64 ? Optional.empty()
                : storage.inTransaction(tx -> tx.adminUsers().find(key));
        if (user.isEmpty()) {
            hasher.verifyDecoy(password);
            return new Result.Refused("unknown user");
        }
        if (!user.get().enabled()) {
            hasher.verifyDecoy(password);
            return new Result.Refused("account disabled");
        }
        if (!hasher.verify(password, user.get().passwordHash())) {
            return new Result.Refused("wrong password");
        }
        return new Result.Accepted(user.get());
    }
}
