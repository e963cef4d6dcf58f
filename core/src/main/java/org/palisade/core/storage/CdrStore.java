package org.palisade.core.storage;

import java.util.List;
import java.util.function.Consumer;
import org.palisade.core.cdr.CallRecord;
import org.palisade.core.cdr.CdrPage;
import org.palisade.core.cdr.CdrQuery;
import org.palisade.core.cdr.CdrSummary;

/** Call records: written once, never changed (there is no update or delete). */
public interface CdrStore {

    /** Records per page when the query asks for none in particular (limit 0). */
    int DEFAULT_LIMIT = 100;

    /**
     * Inserts the records; one whose call id is already stored is skipped, which makes replaying
     * a spool after a crash safe. Each record also keeps the department its caller's and callee's
     * extensions have at this moment (see {@link CdrQuery#department}).
     *
     * @return how many were new
     */
    int insertIgnoringDuplicates(List<CallRecord> records);

    /**
     * Newest start first, at most {@code query.limit()} (0: {@link #DEFAULT_LIMIT}), after
     * {@code query.after()} when set; {@link CdrPage#next} continues where this page ends.
     */
    CdrPage page(CdrQuery query);

    /** The records of {@link #page}, without the way to the next page. */
    default List<CallRecord> list(CdrQuery query) {
        return page(query).records();
    }

    /**
     * Streams every matching record, oldest start first, to {@code each} without holding them in
     * memory (limit and cursor are ignored). Only valid inside the transaction, and {@code each}
     * must not use the transaction: on MariaDB the connection is busy with the stream until it ends.
     *
     * @return how many were streamed
     */
    long export(CdrQuery query, Consumer<CallRecord> each);

    /** The matching records summed per UTC month and per {@code by} (limit and cursor are ignored). */
    CdrSummary summarize(CdrQuery query, CdrSummary.By by);
}
