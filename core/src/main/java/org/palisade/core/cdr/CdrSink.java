package org.palisade.core.cdr;

import org.palisade.core.call.CallStarted;

/**
 * Where finished call records go. Called on the SIP threads: implementations only hand the
 * event over (enqueue) and return; they must not block or throw.
 */
public interface CdrSink {

    /**
     * A call began. Durable sinks remember it, so that a call still open when the node dies can
     * be closed as {@link CallRecord#INTERRUPTED} on the next start instead of vanishing.
     */
    void opened(CallStarted call);

    /** The one record of a call attempt; it also closes what {@link #opened} began. */
    void accept(CallRecord record);
}
