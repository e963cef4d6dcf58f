package org.palisade.core.policy;

import java.util.Set;
import org.palisade.core.rights.ServiceRight;

public sealed interface CallDecision {

    /**
     * Route the call, with the m-lines at {@code declined} (indexes into the offer) set to port 0.
     *
     * @param used the services the call will carry, for the CDR and the kill switch
     */
    record Allow(Set<Integer> declined, Set<ServiceRight> used) implements CallDecision {
    }

    /** Nothing the offer asks for is allowed: 403, naming the right and whose it is. */
    record Refuse(ServiceRight missing, String reason) implements CallDecision {
    }
}
