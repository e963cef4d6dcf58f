package org.palisade.core.storage;

import java.util.List;
import java.util.function.Consumer;
import org.palisade.core.cdr.CallRecord;
import org.palisade.core.cdr.CdrQuery;

/** Call records: written once, never changed (there is no update or delete). */
public interface CdrStore {

    /**
     * Inserts the records; one whose call id is already stored is skipped, which makes replaying
     * a spool after a crash safe.
     *
     * @return how many were new
     */
    int insertIgnoringDuplicates(List<CallRecord> records);

    /** Newest start first, at most {@code query.limit()} (0: a default of 100). */
    List<CallRecord> list(CdrQuery query);

    /**
     * Streams every matching record in start order to {@code each} without holding them all in
     * memory; the limit is ignored. Only valid inside the transaction.
     *
     * @return how many were streamed
     */
    long export(CdrQuery query, Consumer<CallRecord> each);
}
