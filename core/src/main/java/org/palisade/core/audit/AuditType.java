package org.palisade.core.audit;

public enum AuditType {
    /** A device bound a new contact to an extension. */
    LOGON,
    /** A device removed its binding (Expires 0 or Contact: *). */
    LOGOFF,
    /** A binding ran out without a refresh. */
    EXPIRED,
    LOGON_FAILED,
    LOCKED_OUT,
    UNLOCKED,
    CONFIG_CHANGED,
    /** A call or message refused, or a medium removed, because a service right was missing. */
    POLICY_BLOCKED,
    /** A call was refused (503) because no relay node could anchor its media. */
    RELAY_UNAVAILABLE,
    /** A MESSAGE was archived: sender, recipient, content type, size and hash, never the body. */
    CHAT_MESSAGE,
    /** A trunk's peer answered OPTIONS again after it had been marked down; subject {@code trunk:NAME}. */
    TRUNK_UP,
    /** A trunk's peer stopped answering OPTIONS (or answered 503), so calls skip it; subject {@code trunk:NAME}. */
    TRUNK_DOWN,
    /** A web user logged in; subject the account name, source the client's address. */
    ADMIN_LOGON,
    /** A web login was refused (unknown name, wrong password, disabled, throttled); never the password. */
    ADMIN_LOGON_FAILED,
    /** A web user logged out, or a new login replaced the session. */
    ADMIN_LOGOFF,
    /** A web session ended without a logout: idle, too old, or its account changed. */
    ADMIN_SESSION_EXPIRED,
    /** CDRs were exported (who, which filters, how many rows). */
    CDR_EXPORTED,
    /** The chat archive was searched (who, what for). */
    CHAT_SEARCHED,
    /** A directory (LDAP / AD) sync ran: its result and counts; actor {@code directory}, subject {@code directory}. */
    DIRECTORY_SYNC
}
