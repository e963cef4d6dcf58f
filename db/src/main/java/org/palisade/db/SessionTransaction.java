package org.palisade.db;

import java.time.Clock;
import org.apache.ibatis.session.SqlSession;
import org.palisade.core.storage.AuditStore;
import org.palisade.core.storage.BindingStore;
import org.palisade.core.storage.CdrStore;
import org.palisade.core.storage.ChatStore;
import org.palisade.core.storage.ExtensionStore;
import org.palisade.core.storage.ProfileStore;
import org.palisade.core.storage.ServiceStore;
import org.palisade.core.storage.Transaction;

/** The stores of one MyBatis session; valid until {@link Database#inTransaction} returns. */
final class SessionTransaction implements Transaction {

    private final ExtensionStore extensions;
    private final ProfileStore profiles;
    private final BindingStore bindings;
    private final SqlAuditStore audit;
    private final CdrStore cdrs;
    private final ChatStore chats;
    private final ServiceStore services;
    // Made on first use: most transactions (REGISTER, CDR batches) never touch the PBX configuration.
    private final SqlSession session;
    private final Clock clock;
    private org.palisade.core.storage.TrunkStore trunks;
    private org.palisade.core.storage.RouteStore routes;
    private org.palisade.core.storage.DidStore dids;
    private final org.palisade.core.storage.RelayNodeStore relayNodes;
    private org.palisade.core.storage.AdminUserStore adminUsers;
    private org.palisade.core.storage.DirectoryStore directory;

    SessionTransaction(SqlSession session, Clock clock) {
        extensions = new SqlExtensionStore(session.getMapper(ExtensionMapper.class), clock);
        profiles = new SqlProfileStore(session.getMapper(ProfileMapper.class), clock);
        bindings = new SqlBindingStore(session.getMapper(BindingMapper.class));
        audit = new SqlAuditStore(session.getMapper(AuditMapper.class));
        cdrs = new SqlCdrStore(session.getMapper(CdrMapper.class), session);
        chats = new SqlChatStore(session.getMapper(ChatMapper.class));
        services = new SqlServiceStore(session.getMapper(ServiceMapper.class));
        this.session = session;
        this.clock = clock;
        relayNodes = new SqlRelayNodeStore(session.getMapper(RelayNodeMapper.class), clock);
    }

    @Override
    public ExtensionStore extensions() {
        return extensions;
    }

    @Override
    public ProfileStore profiles() {
        return profiles;
    }

    @Override
    public BindingStore bindings() {
        return bindings;
    }

    @Override
    public AuditStore audit() {
        return audit;
    }

    /** After the commit: what this transaction added to the audit log now counts. */
    void committed(org.palisade.core.audit.AuditCounts counts) {
        audit.appended().forEach(counts::add);
    }

    @Override
    public CdrStore cdrs() {
        return cdrs;
    }

    @Override
    public ChatStore chats() {
        return chats;
    }

    @Override
    public ServiceStore services() {
        return services;
    }

    @Override
    public org.palisade.core.storage.TrunkStore trunks() {
        if (trunks == null) {
            trunks = new SqlTrunkStore(session.getMapper(TrunkMapper.class), clock);
        }
        return trunks;
    }

    @Override
    public org.palisade.core.storage.RouteStore routes() {
        if (routes == null) {
            routes = new SqlRouteStore(session.getMapper(RouteMapper.class), clock);
        }
        return routes;
    }

    @Override
    public org.palisade.core.storage.DidStore dids() {
        if (dids == null) {
            dids = new SqlDidStore(session.getMapper(DidMapper.class), clock);
        }
        return dids;
    }

    @Override
    public org.palisade.core.storage.RelayNodeStore relayNodes() {
        return relayNodes;
    }

    @Override
    public org.palisade.core.storage.DirectoryStore directory() {
        if (directory == null) {
            directory = new SqlDirectoryStore(session.getMapper(DirectoryMapper.class), clock);
        }
        return directory;
    }

    @Override
    public org.palisade.core.storage.AdminUserStore adminUsers() {
        if (adminUsers == null) {
            adminUsers = new SqlAdminUserStore(session.getMapper(AdminUserMapper.class), clock);
        }
        return adminUsers;
    }
}
