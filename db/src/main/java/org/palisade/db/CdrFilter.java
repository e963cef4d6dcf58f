package org.palisade.db;

import org.palisade.core.cdr.CdrCursor;
import org.palisade.core.cdr.CdrQuery;

/**
 * A {@link CdrQuery} as the values {@link CdrMapper#FILTER} binds: epoch milliseconds, the
 * stored words of the enums, and the keyset position split in two.
 */
record CdrFilter(Long from, Long to, String extension, String direction, String disposition, String trunk,
                 String department, Long afterStart, Long afterSequence) {

    static CdrFilter of(CdrQuery q) {
        CdrCursor after = q.after();
        return new CdrFilter(q.from() == null ? null : q.from().toEpochMilli(), q.to() == null ? null : q.to().toEpochMilli(),
                q.extension(), q.direction() == null ? null : q.direction().name(),
                q.disposition() == null ? null : q.disposition().label(), q.trunk(), q.department(),
                after == null ? null : after.startMillis(), after == null ? null : after.sequence());
    }

    /** The same filters without the position: exports and summaries cover everything. */
    CdrFilter withoutPosition() {
        return new CdrFilter(from, to, extension, direction, disposition, trunk, department, null, null);
    }
}
