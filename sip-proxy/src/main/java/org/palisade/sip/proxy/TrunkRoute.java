package org.palisade.sip.proxy;

import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import javax.sip.ServerTransaction;
import javax.sip.address.SipURI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.palisade.core.call.CallStarted;
import org.palisade.core.call.Direction;
import org.palisade.core.extension.Extension;
import org.palisade.core.rights.RightsProfile;
import org.palisade.core.rights.ServiceRight;
import org.palisade.core.storage.Storage;
import org.palisade.core.trunk.PbxBridge;
import org.palisade.sip.Source;
import org.palisade.sip.proxy.RightsGate.Parties;

/**
 * The two decisions of a call that crosses a trunk, as {@link ProxyRoute} asks for them:
 * <ul>
 *   <li>inbound, a request from a trunk's peer: trusted by its address (no challenge), an INVITE
 *       takes one of the trunk's call slots (else 503), the Request-URI's number is a DID that
 *       names an extension (else the operator, else 404), and that extension needs
 *       {@code external-in};</li>
 *   <li>outbound, an extension dialling a number that is not an extension: it needs
 *       {@code external-out}, the dial plan picks the trunks (404 without a route, 503 when each is
 *       down or full), the caller is presented by its DID, and the trunks are tried in turn.</li>
 * </ul>
 * The far side of a trunk has no rights profile: only our extension's rights (and the kill switch)
 * decide which media and messages pass.
 */
final class TrunkRoute {

    /** The outside world, as the rights policy sees it: it may use anything, our extension decides. */
    static final RightsProfile OUTSIDE = new RightsProfile("outside", EnumSet.allOf(ServiceRight.class));
    private static final RightsProfile NO_RIGHTS = new RightsProfile("none", java.util.Set.of());

    private final ProxyRoute proxy;
    private final PbxBridge bridge;
    private final TrunkSlots slots;
    private final Storage storage;
    private final Clock clock;

    TrunkRoute(ProxyRoute proxy, PbxBridge bridge, TrunkSlots slots, Storage storage, Clock clock) {
        this.proxy = proxy;
        this.bridge = bridge;
        this.slots = slots;
        this.storage = storage;
        this.clock = clock;
    }

    Optional<PbxBridge.TrunkPeer> trunkAt(Source source) {
        return bridge.trunkAt(source.host(), source.port());
    }

    // ---- inbound -------------------------------------------------------------------------------

    void inbound(ServerTransaction tx, Request request, Request forward, PbxBridge.TrunkPeer trunk, Source source) {
        String dialled = ((SipURI) forward.getRequestURI()).getUser();
        if (dialled == null || dialled.equals(trunk.username())) {
            // A registering trunk sends to our registered Contact: the number is in To.
            dialled = ((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().getURI() instanceof SipURI to ? to.getUser() : null;
        }
        String caller = ((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI() instanceof SipURI from
                && from.getUser() != null ? from.getUser() : "anonymous";
        Optional<String> extension = dialled == null ? Optional.empty() : bridge.extensionForDid(dialled);
        Optional<Parties> parties = extension.flatMap(this::callee).map(c -> new Parties(caller, OUTSIDE, c.number(),
                storage.inTransaction(t -> t.profiles().find(c.profile())).orElse(NO_RIGHTS)));
        String callee = parties.map(Parties::callee).orElse(dialled == null ? "" : dialled);
        String callId = callId(request);
        Fork.Outcome outcome = Fork.Outcome.NONE;
        if (Request.INVITE.equals(request.getMethod())) {
            proxy.notify(() -> proxy.calls().started(new CallStarted(callId, caller, callee, Direction.INBOUND, clock.millis(),
                    source.toString())));
            proxy.notify(() -> proxy.calls().trunk(callId, trunk.trunk()));
            outcome = proxy.callOutcome(request, source);
            // A PBX's channel limit covers both directions. The slot goes back with the call's end
            // or failure event, which every refusal below also reports through the outcome.
            if (!slots.take(callId, trunk.trunk())) {
                proxy.refuse(tx, request, outcome, Response.SERVICE_UNAVAILABLE, "Trunk at its call limit");
                return;
            }
        }
        if (parties.isEmpty()) {
            proxy.chat().refused(request, caller, Response.NOT_FOUND, source);
            proxy.refuse(tx, request, outcome, Response.NOT_FOUND, "No such number");
            return;
        }
        String refusedIn = Request.OPTIONS.equals(request.getMethod()) ? null
                : proxy.rights().refusesRoute(Request.INVITE.equals(request.getMethod()) ? callId : null, callee,
                        parties.get().calleeRights(), ServiceRight.EXTERNAL_IN);
        if (refusedIn != null) {
            proxy.rights().refused(tx, request, source, caller, callee, ServiceRight.EXTERNAL_IN, refusedIn, outcome);
            return;
        }
        proxy.deliver(tx, request, forward, parties.get(), source, outcome, true);
    }

    private Optional<Extension> callee(String number) {
        return storage.inTransaction(t -> t.extensions().find(number)).filter(Extension::enabled);
    }

    // ---- outbound ------------------------------------------------------------------------------

    /**
     * @return false when this is not a trunk call after all (no trunks on this node, or the number
     *         is one of our extensions, only disabled): the caller answers it as before
     */
    boolean outbound(ServerTransaction tx, Request request, Request forward, Extension caller, String dialled, Source source) {
        if (bridge == PbxBridge.NONE || storage.inTransaction(t -> t.extensions().find(dialled)).isPresent()) {
            return false;
        }
        String number = caller.number();
        String callId = callId(request);
        boolean invite = Request.INVITE.equals(request.getMethod());
        Fork.Outcome outcome = Fork.Outcome.NONE;
        if (invite) {
            proxy.notify(() -> proxy.calls().started(new CallStarted(callId, number, dialled, Direction.OUTBOUND, clock.millis(),
                    source.toString())));
            outcome = proxy.callOutcome(request, source);
        }
        RightsProfile rights = storage.inTransaction(t -> t.profiles().find(caller.profile())).orElse(NO_RIGHTS);
        String refusedOut = Request.OPTIONS.equals(request.getMethod()) ? null
                : proxy.rights().refusesRoute(invite ? callId : null, number, rights, ServiceRight.EXTERNAL_OUT);
        if (refusedOut != null) {
            proxy.rights().refused(tx, request, source, number, dialled, ServiceRight.EXTERNAL_OUT, refusedOut, outcome);
            return true;
        }
        PbxBridge.Plan plan = bridge.plan(dialled);
        if (plan.outcome() != PbxBridge.Plan.Outcome.ROUTED) {
            boolean noRoute = plan.outcome() == PbxBridge.Plan.Outcome.NO_ROUTE;
            int code = noRoute ? Response.NOT_FOUND : Response.SERVICE_UNAVAILABLE;
            proxy.chat().refused(request, number, code, source);
            proxy.refuse(tx, request, outcome, code, noRoute ? "No route" : "No trunk available");
            return true;
        }
        Parties parties = new Parties(number, rights, dialled, OUTSIDE);
        if (!Request.OPTIONS.equals(request.getMethod()) && !proxy.rights().allows(tx, request, forward, parties, source, outcome)) {
            return true;
        }
        if (Request.MESSAGE.equals(request.getMethod())) {
            outcome = proxy.chat().forwarding(request, number, dialled, source);
        }
        presentCallerId(forward, bridge.callerId(number));
        if (invite) {
            proxy.replies().send(tx, request, Response.TRYING, "Trying");
            if (!proxy.anchoring().offer(tx, request, forward, number, dialled, source, outcome, true)) {
                return true;
            }
        }
        TrunkFailover failover = new TrunkFailover(proxy, clock, bridge, slots, request, forward, plan.targets(), callId);
        Fork fork = proxy.newFork(tx, request, outcome);
        fork.failover(failover);
        if (!failover.first(fork)) {
            proxy.refuse(tx, request, outcome, Response.SERVICE_UNAVAILABLE, "No trunk available");
            return true;
        }
        proxy.launch(tx, request, fork, invite);
        return true;
    }

    /**
     * The PBX and the public network see the company's number, not the extension: the From user
     * and a P-Asserted-Identity (RFC 3325) carry the extension's DID. The From tag stays, so the
     * dialog is still the caller's.
     */
    private void presentCallerId(Request forward, String callerId) {
        try {
            FromHeader from = (FromHeader) forward.getHeader(FromHeader.NAME);
            if (from.getAddress().getURI() instanceof SipURI uri) {
                uri.setUser(callerId);
            }
            SipURI asserted = proxy.sip().addresses().createSipURI(callerId, proxy.sip().settings().domain());
            forward.setHeader(proxy.sip().headers().createHeader("P-Asserted-Identity", "<" + asserted + ">"));
        } catch (Exception e) {
            throw new IllegalStateException("cannot present caller ID " + callerId, e);
        }
    }

    private static String callId(Request request) {
        return ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
    }
}
