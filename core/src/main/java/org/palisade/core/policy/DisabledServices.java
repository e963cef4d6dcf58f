package org.palisade.core.policy;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;
import org.palisade.core.rights.ServiceRight;
import org.palisade.core.storage.Storage;

/**
 * The kill switch as the SIP path reads it: a snapshot refreshed from the database about once
 * a second, so a CLI or web change reaches every node quickly without a query per call.
 * If the database cannot be read, the last known state stays in force.
 */
public final class DisabledServices implements Supplier<Set<ServiceRight>> {

    private final Storage storage;
    private volatile Set<ServiceRight> current = EnumSet.noneOf(ServiceRight.class);

    public DisabledServices(Storage storage) {
        this.storage = storage;
    }

    public void refresh() {
        Set<ServiceRight> fresh = storage.inTransaction(tx -> tx.services().disabled());
        current = fresh.isEmpty() ? EnumSet.noneOf(ServiceRight.class) : EnumSet.copyOf(fresh);
    }

    @Override
    public Set<ServiceRight> get() {
        return current;
    }
}
