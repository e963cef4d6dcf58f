package org.palisade.core.cdr;

import java.util.List;

/**
 * One page of records, newest first.
 *
 * @param next where the following page starts ({@link CdrQuery#after}); null on the last page.
 *             The store reads one record more than asked, so a null here is certain, never a
 *             guess from a full page
 */
public record CdrPage(List<CallRecord> records, CdrCursor next) {

    public CdrPage {
        records = List.copyOf(records);
    }

    public boolean hasNext() {
        return next != null;
    }
}
