package org.palisade.sip.proxy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.address.Address;
import javax.sip.address.URI;
import org.palisade.core.rights.ServiceRight;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.palisade.sip.NextHop;

/**
 * The calls Palisade has seen answered, with where each party really is. Record-Route keeps
 * in-dialog requests on Palisade; this map tells it where to send them next: to the source
 * address a party's requests came from, which for a phone behind NAT is not the address in
 * its Contact.
 *
 * <p>In memory, per node: after a restart, or for a dialog set up through another node,
 * requests are routed by their Request-URI instead, which works for phones that are not
 * behind NAT. Entries go when the BYE passes, or after {@link #MAX_AGE_MILLIS} for calls that
 * never sent one.
 */
public final class Dialogs {

    static final long MAX_AGE_MILLIS = 24L * 3600 * 1000;

    /**
     * @param primary the dialog of the first 2xx, the one the call events are about; other
     *                2xx of a fork make dialogs the caller tears down at once
     * @param cseqShift what Palisade added to the caller's CSeq on the way to the callee: 1 when a
     *                  trunk challenged the INVITE and Palisade sent it again with credentials, so
     *                  the callee counts one request more than the caller sent
     */
    record Entry(String callId, String callerTag, String calleeTag, NextHop caller, NextHop callee, boolean primary,
                 long createdMillis, AtomicBoolean ended, Session session, long cseqShift) {

        /** The CSeq a request from {@code fromTag} carries towards the other party. */
        long cseqTowardsPeer(String fromTag, long cseq) {
            return sentByCaller(fromTag) ? cseq + cseqShift : cseq;
        }

        /** The CSeq of a response to a request from {@code fromTag}, as the sender numbered it. */
        long cseqBackTo(String fromTag, long cseq) {
            return sentByCaller(fromTag) ? cseq - cseqShift : cseq;
        }

        /** Where a request goes that was sent by the party whose tag is {@code fromTag}. */
        NextHop towardsPeerOf(String fromTag) {
            return callerTag.equals(fromTag) ? callee : caller;
        }

        boolean sentByCaller(String fromTag) {
            return callerTag.equals(fromTag);
        }
    }

    /**
     * What Palisade needs to end the call itself (the kill switch): both parties' addresses
     * and remote targets, the services the call uses, and the highest CSeq each side has sent,
     * so that Palisade's BYE in each direction carries a CSeq the receiver accepts.
     */
    record Session(Address callerAddress, Address calleeAddress, URI callerTarget, URI calleeTarget,
                   Set<ServiceRight> services, AtomicLong callerCseq, AtomicLong calleeCseq) {

        void seen(boolean fromCaller, long cseq) {
            (fromCaller ? callerCseq : calleeCseq).accumulateAndGet(cseq, Math::max);
        }
    }

    /** A caller's CSeq shift before its call is answered, for PRACK and UPDATE in the early dialog. */
    private record EarlyShift(long shift, long createdMillis) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, EarlyShift> earlyShifts = new ConcurrentHashMap<>();

    /** The answered calls (one dialog each) still up. */
    List<Entry> calls() {
        return entries.values().stream().filter(Entry::primary).toList();
    }

    /** The first entry for a dialog stays: a late duplicate must not replace the call's primary entry. */
    void add(Entry entry) {
        entries.putIfAbsent(key(entry.callId(), entry.callerTag(), entry.calleeTag()), entry);
    }

    Entry find(String callId, String fromTag, String toTag) {
        return fromTag == null || toTag == null ? null : entries.get(key(callId, fromTag, toTag));
    }

    void remove(Entry entry) {
        entries.remove(key(entry.callId(), entry.callerTag(), entry.calleeTag()), entry);
    }

    /**
     * The INVITE of call {@code callId} went on numbered {@code shift} higher than the caller sent
     * it (a trunk's challenge answered): so must the caller's requests in the early dialog (PRACK,
     * UPDATE) until the answer, when the dialog's {@link Entry} takes over.
     */
    void shiftEarly(String callId, String callerTag, long shift, long nowMillis) {
        if (callerTag != null) {
            earlyShifts.put(callId + '\n' + callerTag, new EarlyShift(shift, nowMillis));
        }
    }

    /** What to add to the CSeq of a request from {@code fromTag} in a call not answered yet; 0 for none. */
    long earlyShift(String callId, String fromTag) {
        EarlyShift e = fromTag == null ? null : earlyShifts.get(callId + '\n' + fromTag);
        return e == null ? 0 : e.shift();
    }

    /** The call was answered or failed: the early dialogs are over. */
    void forgetEarly(String callId, String callerTag) {
        if (callerTag != null) {
            earlyShifts.remove(callId + '\n' + callerTag);
        }
    }

    /** Forgets dialogs older than a day: calls whose BYE never passed Palisade. */
    public void sweep(long nowMillis) {
        entries.values().removeIf(e -> nowMillis - e.createdMillis() > MAX_AGE_MILLIS);
        earlyShifts.values().removeIf(e -> nowMillis - e.createdMillis() > MAX_AGE_MILLIS);
    }

    public int size() {
        return entries.size();
    }

    /** The same key from either side: the two tags in a fixed order. */
    private static String key(String callId, String tagA, String tagB) {
        return tagA.compareTo(tagB) <= 0 ? callId + '\n' + tagA + '\n' + tagB : callId + '\n' + tagB + '\n' + tagA;
    }
}
