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
    private final AuditStore audit;
    private final CdrStore cdrs;
    private final ChatStore chats;
    private final ServiceStore services;

    SessionTransaction(SqlSession session, Clock clock) {
        extensions = new SqlExtensionStore(session.getMapper(ExtensionMapper.class), clock);
        profiles = new SqlProfileStore(session.getMapper(ProfileMapper.class), clock);
        bindings = new SqlBindingStore(session.getMapper(BindingMapper.class));
        audit = new SqlAuditStore(session.getMapper(AuditMapper.class));
        cdrs = new SqlCdrStore(session.getMapper(CdrMapper.class));
        chats = new SqlChatStore(session.getMapper(ChatMapper.class));
        services = new SqlServiceStore(session.getMapper(ServiceMapper.class));
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
}
