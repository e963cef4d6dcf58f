package org.palisade.core.storage;

import java.util.Set;
import org.palisade.core.rights.ServiceRight;

/** The admin kill switch: services switched off for everybody, whatever their profiles say. */
public interface ServiceStore {

    Set<ServiceRight> disabled();

    /** @return false if it was already off */
    boolean disable(ServiceRight service, String actor, long nowMillis);

    /** @return false if it was already on */
    boolean enable(ServiceRight service);
}
