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
}
