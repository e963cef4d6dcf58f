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
}
