package org.palisade.core.call;

import java.util.Set;
import org.palisade.core.rights.ServiceRight;

/**
 * An answered call still up on this node, as an admin sees it live.
 *
 * @param caller   the From user of the INVITE (an extension, or the outside number of an inbound call)
 * @param callee   the To user of the answer (an extension, or the number dialled out)
 * @param services what the call's media uses: voice, video, file-transfer
 */
public record ActiveCall(String callId, String caller, String callee, long answeredMillis, Set<ServiceRight> services) {

    public ActiveCall {
        services = Set.copyOf(services);
    }
}
