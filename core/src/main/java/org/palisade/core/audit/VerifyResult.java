package org.palisade.core.audit;

/** Outcome of checking the chain; {@code firstBadSeq} is the entry to look at when it is broken. */
public record VerifyResult(boolean intact, long entriesChecked, long firstBadSeq, String problem) {

    static VerifyResult ok(long checked) {
        return new VerifyResult(true, checked, 0, null);
    }

    static VerifyResult broken(long checked, long seq, String problem) {
        return new VerifyResult(false, checked, seq, problem);
    }
}
