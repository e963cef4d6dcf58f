package org.palisade.core.storage;

import java.util.function.Function;

/**
 * The database as the domain sees it. All work happens in a transaction, so that a change and
 * its audit entry are committed together or not at all.
 *
 * <p>Not re-entrant: work must not call {@code inTransaction} again (for example through
 * {@code AuditLog.record}); the inner transaction would wait for locks the outer one holds.
 */
public interface Storage {

    <T> T inTransaction(Function<Transaction, T> work);

    /**
     * A storage whose every transaction is {@code tx}: administration classes built on it make
     * their changes (and audit entries) inside {@code tx}, so that one request changing things
     * through several of them commits all of it or nothing. Only for use inside the work of
     * {@code tx}'s own {@link #inTransaction}.
     */
    static Storage within(Transaction tx) {
        return new Storage() {
            @Override
            public <T> T inTransaction(Function<Transaction, T> work) {
                return work.apply(tx);
            }
        };
    }
}
