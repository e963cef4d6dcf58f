package org.palisade.core.storage;

/** The stores reachable inside one transaction. */
public interface Transaction {

    ExtensionStore extensions();

    ProfileStore profiles();

    BindingStore bindings();

    AuditStore audit();

    CdrStore cdrs();

    ChatStore chats();

    ServiceStore services();

    TrunkStore trunks();

    RouteStore routes();

    DidStore dids();

    RelayNodeStore relayNodes();

    AdminUserStore adminUsers();

    /**
     * The directory sync's settings and bookkeeping. A default so that wrappers written before it
     * (tests that intercept a few stores) still compile; the database's transaction overrides it.
     */
    default DirectoryStore directory() {
        throw new UnsupportedOperationException("this transaction has no directory store");
    }
}
