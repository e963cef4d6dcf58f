package org.palisade.registrar.location;

import java.util.List;
import java.util.function.Function;
import org.palisade.core.location.Binding;
import org.palisade.core.storage.AuditStore;
import org.palisade.core.storage.BindingStore;
import org.palisade.core.storage.ExtensionStore;
import org.palisade.core.storage.ProfileStore;
import org.palisade.core.storage.Storage;
import org.palisade.core.storage.Transaction;

/**
 * The real database, with one hook: right after a transaction has read the expired bindings,
 * {@code afterExpiredRead} runs (once), so a test can place another node's work exactly in the
 * gap between that read and the deletes that follow it. Every read and write still goes to the
 * database.
 */
final class InterleavingStorage implements Storage {

    private final Storage real;
    private Runnable afterExpiredRead;

    InterleavingStorage(Storage real) {
        this.real = real;
    }

    void afterExpiredRead(Runnable hook) {
        this.afterExpiredRead = hook;
    }

    @Override
    public <T> T inTransaction(Function<Transaction, T> work) {
        return real.inTransaction(tx -> work.apply(new Transaction() {
            @Override
            public ExtensionStore extensions() {
                return tx.extensions();
            }

            @Override
            public ProfileStore profiles() {
                return tx.profiles();
            }

            @Override
            public AuditStore audit() {
                return tx.audit();
            }

            @Override
            public BindingStore bindings() {
                return new Bindings(tx.bindings());
            }

            @Override
            public org.palisade.core.storage.CdrStore cdrs() {
                return tx.cdrs();
            }

            @Override
            public org.palisade.core.storage.ChatStore chats() {
                return tx.chats();
            }

            @Override
            public org.palisade.core.storage.ServiceStore services() {
                return tx.services();
            }

            @Override
            public org.palisade.core.storage.TrunkStore trunks() {
                return tx.trunks();
            }

            @Override
            public org.palisade.core.storage.RouteStore routes() {
                return tx.routes();
            }

            @Override
            public org.palisade.core.storage.DidStore dids() {
                return tx.dids();
            }

            @Override
            public org.palisade.core.storage.RelayNodeStore relayNodes() {
                return tx.relayNodes();
            }

            @Override
            public org.palisade.core.storage.AdminUserStore adminUsers() {
                return tx.adminUsers();
            }
        }));
    }

    private final class Bindings implements BindingStore {
        private final BindingStore real;

        Bindings(BindingStore real) {
            this.real = real;
        }

        @Override
        public List<Binding> expiredAt(long nowMillis) {
            List<Binding> expired = real.expiredAt(nowMillis);
            Runnable hook = afterExpiredRead;
            afterExpiredRead = null;
            if (hook != null) {
                hook.run();
            }
            return expired;
        }

        @Override
        public List<Binding> lockForAor(String aor) {
            return real.lockForAor(aor);
        }

        @Override
        public List<Binding> forAor(String aor) {
            return real.forAor(aor);
        }

        @Override
        public List<Binding> all() {
            return real.all();
        }

        @Override
        public Binding insert(Binding binding) {
            return real.insert(binding);
        }

        @Override
        public void update(Binding binding) {
            real.update(binding);
        }

        @Override
        public boolean delete(long id) {
            return real.delete(id);
        }

        @Override
        public boolean deleteIfExpired(long id, long nowMillis) {
            return real.deleteIfExpired(id, nowMillis);
        }

        @Override
        public int deleteForAor(String aor) {
            return real.deleteForAor(aor);
        }
    }
}
