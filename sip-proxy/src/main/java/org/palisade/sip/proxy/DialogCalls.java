package org.palisade.sip.proxy;

import java.util.List;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import org.palisade.core.call.ActiveCall;
import org.palisade.core.call.LiveCalls;

/** The answered calls up on this node, read from the dialog map, and an admin's way to end one. */
final class DialogCalls implements LiveCalls {

    private final Dialogs dialogs;
    private final CallTerminator terminator;

    DialogCalls(Dialogs dialogs, CallTerminator terminator) {
        this.dialogs = dialogs;
        this.terminator = terminator;
    }

    @Override
    public List<ActiveCall> active() {
        return dialogs.calls().stream().filter(c -> c.session() != null && !c.ended().get())
                .map(c -> new ActiveCall(c.callId(), user(c.session().callerAddress()), user(c.session().calleeAddress()),
                        c.createdMillis(), c.session().services()))
                .toList();
    }

    @Override
    public boolean end(String callId, String why) {
        return dialogs.calls().stream().filter(c -> c.callId().equals(callId)).findFirst()
                .map(c -> terminator.end(c, why, "ADMIN")).orElse(false);
    }

    /** The number in a party's address; the whole address when it has none (a trunk's anonymous caller). */
    private static String user(Address address) {
        return address != null && address.getURI() instanceof SipURI uri && uri.getUser() != null ? uri.getUser() : String.valueOf(address);
    }
}
