package org.palisade.relay.load;

/**
 * Counts of non-negative values (microseconds here) in log-linear buckets: exact below 2048,
 * then 1024 buckets per power of two (at most 0.1 % off). One array, allocated once, so
 * {@link #record} allocates nothing. Not thread-safe: one writer, read after it is done.
 */
final class LatencyHistogram {

    private static final int LINEAR = 2048;  // values below are their own bucket
    private static final int SUB_BITS = 10;  // 1024 buckets per power of two above
    private static final int SUB = 1 << SUB_BITS;
    private static final int FIRST_EXP = 11; // 2^11 = LINEAR
    private static final int BUCKETS = LINEAR + (63 - FIRST_EXP) * SUB;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long max;

    void record(long value) {
        if (value < 0) {
            value = 0;
        }
        counts[bucket(value)]++;
        total++;
        if (value > max) {
            max = value;
        }
    }

    long count() {
        return total;
    }

    long max() {
        return max;
    }

    /** The smallest recorded bucket's value at or above the q-quantile (0 < q ≤ 1), or -1 when empty. */
    long quantile(double q) {
        if (total == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(q * total);
        if (rank < 1) {
            rank = 1;
        }
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(value(i), max);
            }
        }
        return max;
    }

    private static int bucket(long v) {
        if (v < LINEAR) {
            return (int) v;
        }
        int exp = 63 - Long.numberOfLeadingZeros(v); // >= FIRST_EXP
        int sub = (int) ((v >>> (exp - SUB_BITS)) & (SUB - 1));
        return LINEAR + (exp - FIRST_EXP) * SUB + sub;
    }

    /** The upper end of a bucket (so quantiles err on the high side). */
    private static long value(int bucket) {
        if (bucket < LINEAR) {
            return bucket;
        }
        int exp = (bucket - LINEAR) / SUB + FIRST_EXP;
        long sub = (bucket - LINEAR) % SUB;
        long low = (1L << exp) | (sub << (exp - SUB_BITS));
        return low + (1L << (exp - SUB_BITS)) - 1;
    }
}
