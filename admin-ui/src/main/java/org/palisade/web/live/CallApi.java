package org.palisade.web.live;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.palisade.core.account.Role;
import org.palisade.core.audit.AuditType;
import org.palisade.core.call.ActiveCall;
import org.palisade.core.call.LiveCalls;
import org.palisade.core.rights.ServiceRight;
import org.palisade.web.api.ApiRequest;
import org.palisade.web.api.ApiResponse;
import org.palisade.web.api.Routes;
import org.palisade.web.api.WebAudit;

/**
 * {@code /api/calls}: the answered calls up on this node, and an admin's way to end one.
 *
 * <pre>
 * GET    /api/calls            200 [{"callId","caller","callee","answered","services"}] oldest first
 * DELETE /api/calls/{callId}   204: Palisade sends a BYE to each side; the CDR says hung up by SYSTEM,
 *                              reason ADMIN. 404 when no such call is up on this node.
 * </pre>
 *
 * Ending a call is audited like a change: CONFIG_CHANGED, subject {@code call:CALL-ID}, actor
 * {@code web:NAME}, with who was talking to whom.
 */
public final class CallApi {

    public static final String PATH = "/api/calls";
    private static final Set<Role> READERS = Set.of(Role.ADMIN, Role.AUDITOR);
    private static final Set<Role> ADMIN = Set.of(Role.ADMIN);

    record CallView(String callId, String caller, String callee, Instant answered, List<String> services) {
        static CallView of(ActiveCall c) {
            return new CallView(c.callId(), c.caller(), c.callee(), Instant.ofEpochMilli(c.answeredMillis()),
                    c.services().stream().sorted().map(ServiceRight::label).toList());
        }
    }

    private final LiveCalls calls;
    private final WebAudit audit;

    public CallApi(LiveCalls calls, WebAudit audit) {
        this.calls = calls;
        this.audit = audit;
    }

    public void register(Routes routes) {
        routes.get(PATH, READERS, req -> ApiResponse.ok(calls.active().stream()
                        .sorted(Comparator.comparingLong(ActiveCall::answeredMillis)).map(CallView::of).toList()))
                .delete(PATH + "/{callId}", ADMIN, this::end);
    }

    private ApiResponse end(ApiRequest req) {
        String callId = req.pathParam("callId");
        ActiveCall call = calls.active().stream().filter(c -> c.callId().equals(callId)).findFirst()
                .orElseThrow(() -> notUp(callId));
        if (!calls.end(callId, "ended by an administrator")) {
            throw notUp(callId); // it ended on its own meanwhile
        }
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("caller", call.caller());
        before.put("callee", call.callee());
        before.put("services", ServiceRight.labels(call.services()));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("entity", "call");
        details.put("action", "end");
        details.put("before", before);
        details.put("after", null);
        audit.record(req, AuditType.CONFIG_CHANGED, "call:" + callId, details);
        return ApiResponse.noContent();
    }

    private static NoSuchElementException notUp(String callId) {
        return new NoSuchElementException("call " + callId + " is not up on this node");
    }
}
