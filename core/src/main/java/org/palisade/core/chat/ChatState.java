package org.palisade.core.chat;

/**
 * Where an archived MESSAGE stands. PENDING exists because a message is archived before it is
 * forwarded (so that nothing is ever delivered unarchived): it means "forwarded, final answer
 * not in yet", and becomes DELIVERED or FAILED when the answer comes.
 */
public enum ChatState {
    /** Forwarded to the recipient's devices; no final answer yet. */
    PENDING,
    /** A device answered 2xx. */
    DELIVERED,
    /** Refused or not delivered; the archive row carries the SIP code. */
    FAILED,
    /** The recipient had no device registered: kept for store-and-forward (the sender got 202). */
    STORED,
    /** Stored longer than {@code chat.store-hours} without the recipient registering; never delivered. */
    EXPIRED,
    /** Refused because a service right was missing (403). */
    BLOCKED
}
