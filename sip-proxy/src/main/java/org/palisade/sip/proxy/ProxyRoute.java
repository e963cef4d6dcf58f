package org.palisade.sip.proxy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.palisade.core.audit.AuditLog;
import org.palisade.core.auth.AuthOutcome;
import org.palisade.core.auth.AuthRequest;
import org.palisade.core.auth.Authenticator;
import org.palisade.core.call.CallObserver;
import org.palisade.core.call.CallStarted;
import org.palisade.core.call.Direction;
import org.palisade.core.call.LiveCalls;
import org.palisade.core.extension.Extension;
import org.palisade.core.location.Binding;
import org.palisade.core.location.LocationService;
import org.palisade.core.policy.RightsPolicy;
import org.palisade.core.rights.RightsProfile;
import org.palisade.core.rights.ServiceRight;
import org.palisade.core.storage.Storage;
import org.palisade.core.trunk.PbxBridge;
import org.palisade.sip.ClientCallback;
import org.palisade.sip.DigestHeaders;
import org.palisade.sip.NextHop;
import org.palisade.sip.Replies;
import org.palisade.sip.SipServer.SipContext;
import org.palisade.sip.Source;
import org.palisade.sip.media.MediaSessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stateful, record-routing proxy (RFC 3261 16) for everything that is not a REGISTER and
 * not addressed to Palisade itself. Read top to bottom, like the proxy half of a Kamailio
 * script:
 *
 * <ol>
 *   <li>loops (482) for every request; then in-dialog requests (To tag) are loose-routed
 *       without authentication ({@link InDialogRoute});</li>
 *   <li>a new INVITE, MESSAGE or OPTIONS for a user: digest authentication with 407, the
 *       From must be the caller's own extension, the target must be one of ours (404), both
 *       sides' service rights must allow the media or message ({@link RightsGate}: 403, or
 *       video declined), and the callee must be registered (480);</li>
 *   <li>media: the offer goes to a relay node ({@link Anchoring}; 503 when none takes it);</li>
 *   <li>fork to every binding of the callee, each sent to the address its REGISTER came
 *       from ({@link Fork}), with a no-answer timer for INVITE;</li>
 *   <li>calls across a trunk ({@link TrunkRoute}): a request from a trunk's peer is inbound (no
 *       challenge, its DID names the callee); a number that is no extension goes out through the
 *       dial plan's trunks, tried in turn;</li>
 *   <li>ACK for 2xx goes on statelessly; CANCEL cancels the fork of its INVITE.</li>
 * </ol>
 */
public final class ProxyRoute {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyRoute.class);

    private final SipContext sip;
    private final Replies replies;
    private final Authenticator authenticator;
    private final LocationService location;
    private final Storage storage;
    private final RightsPolicy policy;
    private final AuditLog audit;
    private final CallObserver calls;
    private final ProxySettings settings;
    private final ScheduledExecutorService timers;
    private final Clock clock;
    private final Forwarder forwarder;
    /** MESSAGE: the archive, store-and-forward and delivery on registration. */
    private final ChatRoute chat;
    private final CallTerminator terminator;
    private final InDialogRoute inDialog;
    /** The anchored calls' SDP exchanges; null when this node anchors nothing. */
    private final MediaSessions media;
    /** Calls that cross a trunk: inbound from a trunk's peer, outbound through the dial plan. */
    private final TrunkRoute trunks;
    /** Service rights on the signalling: what each call and message may carry. */
    private final RightsGate rights;
    /** Every SDP body of an anchored call through its relay node. */
    private final Anchoring anchoring;
    private final BranchIds branchIds = new BranchIds();
    private final Dialogs dialogs = new Dialogs();
    /** The services each allowed INVITE will use, until it is answered: what the kill switch checks. */
    private final Map<String, Set<ServiceRight>> servicesByCall = new ConcurrentHashMap<>();
    /** INVITE forks still waiting for their final answer, by the caller's Via: what a CANCEL finds. */
    private final Map<String, Fork> pendingInvites = new ConcurrentHashMap<>();

    /**
     * @param calls the call events; when {@code media} is given, wrapped by {@link MediaSessions#observing}
     *              so that each call's end releases its relay
     * @param media where anchored calls' SDP goes, or null when no call is anchored
     * @param bridge the trunks, dial plan and DIDs; {@link PbxBridge#NONE} for a node without trunks
     */
    public ProxyRoute(SipContext sip, Replies replies, Authenticator authenticator, LocationService location, Storage storage,
                      RightsPolicy policy, CallObserver calls, MediaSessions media, PbxBridge bridge, ProxySettings settings,
                      ScheduledExecutorService timers, Clock clock) {
        TrunkSlots slots = new TrunkSlots(bridge);
        calls = slots.observing(calls);
        this.trunks = new TrunkRoute(this, bridge, slots, storage, clock);
        this.sip = sip;
        this.policy = policy;
        this.audit = new AuditLog(storage, clock);
        this.replies = replies;
        this.authenticator = authenticator;
        this.location = location;
        this.storage = storage;
        this.calls = calls;
        this.settings = settings;
        this.timers = timers;
        this.clock = clock;
        this.media = media;
        this.forwarder = new Forwarder(sip, replies, branchIds);
        this.terminator = new CallTerminator(sip, forwarder, dialogs, calls, clock);
        this.inDialog = new InDialogRoute(this, dialogs, media != null, clock);
        this.chat = new ChatRoute(sip, replies, forwarder,
                new org.palisade.core.chat.ChatArchive(storage, clock, settings.chatStoreTime()), timers);
        this.rights = new RightsGate(sip, replies, policy, audit, calls, chat, servicesByCall, clock);
        this.anchoring = new Anchoring(media, settings.anchor(), replies, audit);
        timers.scheduleWithFixedDelay(() -> dialogs.sweep(clock.millis()), 10, 10, TimeUnit.MINUTES);
        if (media != null) {
            long every = Math.max(250, settings.mediaTimeout().toMillis() / 4);
            timers.scheduleWithFixedDelay(new MediaWatch(dialogs, media, terminator, settings.mediaTimeout(), clock),
                    every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** OPTIONS with no user part asks Palisade itself what it can do; with a user it is for that user. */
    public static boolean addressedToServer(Request request) {
        return !(request.getRequestURI() instanceof SipURI uri) || uri.getUser() == null;
    }

    public Dialogs dialogs() {
        return dialogs;
    }

    /** A REGISTER added these devices to {@code aor}: messages stored for it are delivered to them. */
    public void registered(String aor, List<Binding> added) {
        chat.registered(aor, added);
    }

    public void handle(ServerTransaction tx, Request request, Source source) {
        if (branchIds.looped(request, forwarder::ours)) {
            replies.send(tx, request, Response.LOOP_DETECTED, "Loop Detected");
            return;
        }
        if (toTag(request) != null) {
            inDialog.request(tx, request);
            return;
        }
        switch (request.getMethod()) {
            case Request.INVITE, Request.MESSAGE, Request.OPTIONS -> initial(tx, request, source);
            // Out of a dialog these would reach a presence or transfer service Palisade does not offer.
            case Request.SUBSCRIBE, Request.PUBLISH, Request.REFER, Request.NOTIFY ->
                    replies.send(tx, request, Response.NOT_IMPLEMENTED, "Not Implemented outside a dialog");
            // Only meaningful inside a dialog, and this one has no To tag.
            case Request.BYE, Request.PRACK, Request.UPDATE, Request.INFO ->
                    replies.send(tx, request, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, "Call/Transaction Does Not Exist");
            default -> replies.send(tx, request, Response.NOT_IMPLEMENTED, "Not Implemented");
        }
    }

    // ---- new calls, messages and OPTIONS to a user ------------------------------------------

    private void initial(ServerTransaction tx, Request request, Source source) {
        Request forward = (Request) request.clone();
        forwarder.popOurRoutes(forward); // a phone with Palisade as a preloaded (outbound proxy) Route
        Optional<PbxBridge.TrunkPeer> trunk = trunks.trunkAt(source);
        if (trunk.isPresent() && forward.getRequestURI() instanceof SipURI) {
            trunks.inbound(tx, request, forward, trunk.get(), source); // the peer is trusted by its address
            return;
        }
        Optional<Extension> caller = authenticate(tx, request, source);
        if (caller.isEmpty()) {
            return;
        }
        String number = caller.get().number();
        if (chat.refusedAsTooLarge(tx, request)) {
            return;
        }
        URI from = ((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI();
        if (!(from instanceof SipURI sipFrom) || !number.equals(sipFrom.getUser())) {
            chat.refused(request, number, Response.FORBIDDEN, source);
            replies.send(tx, request, Response.FORBIDDEN, "From must be your own extension " + number);
            return;
        }
        URI target = forward.getRequestURI();
        if (!forwarder.ours(target) || forward.getHeader(RouteHeader.NAME) != null) {
            // Only extensions are routed; trunks and other domains come with the PBX bridge.
            chat.refused(request, number, Response.FORBIDDEN, source);
            replies.send(tx, request, Response.FORBIDDEN, "Not relaying");
            return;
        }
        String callee = ((SipURI) target).getUser();
        Optional<RightsGate.Parties> parties = callee == null ? Optional.empty() : parties(caller.get(), callee);
        if (parties.isEmpty() && callee != null && trunks.outbound(tx, request, forward, caller.get(), callee, source)) {
            return;
        }
        boolean invite = Request.INVITE.equals(request.getMethod());
        String callId = callId(request);
        Fork.Outcome outcome = Fork.Outcome.NONE;
        if (invite) {
            notify(() -> calls.started(new CallStarted(callId, number, callee, Direction.INTERNAL, clock.millis(), source.toString())));
            outcome = callOutcome(request, source);
        }
        if (parties.isEmpty()) {
            chat.refused(request, number, Response.NOT_FOUND, source);
            refuse(tx, request, outcome, Response.NOT_FOUND, "No such extension");
            return;
        }
        deliver(tx, request, forward, parties.get(), source, outcome, false);
    }

    /**
     * Rights, then the callee's devices: an internal call, or an inbound one ({@code external})
     * whose DID named the callee. Store-and-forward is for messages between extensions only.
     */
    void deliver(ServerTransaction tx, Request request, Request forward, RightsGate.Parties parties, Source source, Fork.Outcome outcome,
                 boolean external) {
        String number = parties.caller();
        String callee = parties.callee();
        boolean invite = Request.INVITE.equals(request.getMethod());
        if (!Request.OPTIONS.equals(request.getMethod()) && !rights.allows(tx, request, forward, parties, source, outcome)) {
            return;
        }
        List<Binding> bindings = location.lookup(callee);
        if (Request.MESSAGE.equals(request.getMethod())) {
            // Archived before it goes anywhere; a failed archive write throws, and RequestRoute answers 500.
            if (bindings.isEmpty() && !external) {
                chat.store(tx, request, number, callee, source);
                return;
            }
            outcome = chat.forwarding(request, number, callee, source);
        }
        if (bindings.isEmpty()) {
            refuse(tx, request, outcome, Response.TEMPORARILY_UNAVAILABLE, "Not registered");
            return;
        }
        List<Target> targets = new ArrayList<>();
        for (Binding b : bindings) {
            try {
                // To the address the REGISTER came from: that is where a phone behind NAT can be reached.
                targets.add(new Target(sip.addresses().createURI(b.contactUri()), new NextHop(b.sourceHost(), b.sourcePort(), b.transport())));
            } catch (Exception e) {
                LOG.debug("skipping binding {} of {}: {}", b.contactUri(), callee, e.toString());
            }
        }
        if (invite) {
            // RFC 3261 16.2: a stateful proxy tells the caller at once that it is working on it.
            replies.send(tx, request, Response.TRYING, "Trying");
            if (!anchoring.offer(tx, request, forward, number, callee, source, outcome, external)) {
                return;
            }
        }
        fork(tx, request, forward, targets, invite, outcome, invite);
    }

    private Optional<Extension> authenticate(ServerTransaction tx, Request request, Source source) {
        String realm = sip.settings().domain();
        AuthOutcome outcome = authenticator.authenticate(new AuthRequest(request.getMethod(), source.host(),
                DigestHeaders.PROXY.credentials(request, realm)));
        if (outcome instanceof AuthOutcome.Challenge challenge) {
            replies.send(tx, DigestHeaders.PROXY.challenge(replies, request, challenge.challenges()));
            return Optional.empty();
        }
        if (outcome instanceof AuthOutcome.Refused refused) {
            replies.send(tx, request, Response.FORBIDDEN, refused.reason());
            return Optional.empty();
        }
        return Optional.of(((AuthOutcome.Authenticated) outcome).extension());
    }

    /**
     * The callee, checked only after authentication so that strangers cannot probe which
     * numbers exist, and both sides' rights, read together in one transaction.
     */
    private Optional<RightsGate.Parties> parties(Extension caller, String callee) {
        return storage.inTransaction(t -> t.extensions().find(callee).filter(Extension::enabled).map(c -> new RightsGate.Parties(caller.number(),
                t.profiles().find(caller.profile()).orElse(NO_RIGHTS), c.number(), t.profiles().find(c.profile()).orElse(NO_RIGHTS))));
    }

    private static final RightsProfile NO_RIGHTS = new RightsProfile("none", java.util.Set.of());

    void refuse(ServerTransaction tx, Request request, Fork.Outcome outcome, int code, String reason) {
        replies.send(tx, request, code, reason);
        outcome.failed(code, false);
    }

    /** The call events of an initial INVITE, and the dialog map entry of each 2xx. */
    Fork.Outcome callOutcome(Request invite, Source callerSource) {
        return new CallOutcome(this, dialogs, servicesByCall, invite, callerSource, clock);
    }

    /** The kill switch for calls already up; see {@link CallTerminator}. */
    public int endCallsUsing(Set<ServiceRight> off) {
        return terminator.endCallsUsing(off);
    }

    /** The answered calls up on this node, and an admin's way to end one. */
    public LiveCalls liveCalls() {
        return new DialogCalls(dialogs, terminator);
    }

    // ---- requests inside a dialog ------------------------------------------------------------

    /** ACK for a 2xx (ACKs for non-2xx end in the transaction layer): forwarded statelessly. */
    public void ack(Request request) {
        inDialog.ack(request);
    }

    /** CANCEL (RFC 3261 16.10): 200 for the CANCEL itself, then CANCEL every pending branch. */
    public void cancel(ServerTransaction tx, Request cancel) {
        Fork fork = pendingInvites.get(viaKey(cancel));
        if (fork == null) {
            replies.send(tx, cancel, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, "Call/Transaction Does Not Exist");
            return;
        }
        replies.send(tx, cancel, Response.OK, "OK");
        fork.cancelByCaller();
    }

    // ---- forking ------------------------------------------------------------------------------

    private record Target(URI requestUri, NextHop hop) {
    }

    private void fork(ServerTransaction tx, Request received, Request forward, List<Target> targets, boolean recordRoute,
                      Fork.Outcome outcome, boolean ringTimer) {
        Fork fork = newFork(tx, received, outcome);
        for (Target t : targets) {
            try {
                Request copy = forwarder.copyFor(forward, t.requestUri(), t.hop(), recordRoute, sip.settings().domain());
                ClientTransaction ct = forwarder.prepare(copy, received, t.hop());
                Branch branch = new Branch(fork, ct, t.hop());
                ct.setApplicationData(branch);
                fork.add(branch);
            } catch (Exception e) {
                LOG.debug("no branch to {}: {}", t.hop(), e.toString());
            }
        }
        if (fork.isEmpty()) {
            refuse(tx, received, outcome, Response.TEMPORARILY_UNAVAILABLE, "No reachable device");
            return;
        }
        launch(tx, received, fork, ringTimer);
    }

    /** A request inside a dialog, on to its one next hop. */
    void forkTo(ServerTransaction tx, Request received, Request forward, NextHop hop) {
        fork(tx, received, forward, List.of(new Target(forward.getRequestURI(), hop)), false, Fork.Outcome.NONE, false);
    }

    Fork newFork(ServerTransaction tx, Request received, Fork.Outcome outcome) {
        String key = viaKey(received);
        return new Fork(tx, received, forwarder, replies, outcome, () -> pendingInvites.remove(key), anchoring::upstream);
    }

    /** Sends a fork that has its first branches: an INVITE's can be cancelled from now on, and rings at most so long. */
    void launch(ServerTransaction tx, Request received, Fork fork, boolean ringTimer) {
        if (Request.INVITE.equals(received.getMethod())) {
            pendingInvites.put(viaKey(received), fork);
        }
        if (ringTimer) {
            fork.noAnswerTimer(timers.schedule(fork::noAnswer, settings.noAnswerTimeout().toMillis(), TimeUnit.MILLISECONDS));
        }
        fork.start();
    }

    // ---- what comes back ----------------------------------------------------------------------

    public void response(ResponseEvent event) {
        Response response = event.getResponse();
        ClientTransaction ct = event.getClientTransaction();
        if (ct != null && ct.getApplicationData() instanceof Branch branch) {
            branch.fork.onResponse(branch, response);
            return;
        }
        if (ct != null && ct.getApplicationData() instanceof ChatRoute.Delivery delivery) {
            delivery.onResponse(response);
            return;
        }
        if (ct != null && ct.getApplicationData() instanceof ClientCallback callback) {
            callback.response(response);
            return;
        }
        // No transaction: a retransmitted 2xx for INVITE (its client transaction ended with the
        // first one). The callee retransmits until the caller's ACK arrives, so pass it on.
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        ViaHeader top = (ViaHeader) response.getHeader(ViaHeader.NAME);
        if (ct == null && response.getStatusCode() / 100 == 2 && cseq != null && Request.INVITE.equals(cseq.getMethod())
                && top != null && forwarder.ours(top)) {
            Dialogs.Entry dialog = dialogs.find(callId(response), fromTag(response), toTag(response));
            long sent = dialog == null ? cseq.getSeqNumber() : dialog.cseqBackTo(fromTag(response), cseq.getSeqNumber());
            forwarder.relayStateless(anchoring.upstream(Forwarder.upstream(response, sent)));
        }
    }

    public void timeout(TimeoutEvent event) {
        if (!event.isServerTransaction() && event.getClientTransaction().getApplicationData() instanceof Branch branch) {
            branch.fork.onTimeout(branch);
        } else if (!event.isServerTransaction() && event.getClientTransaction().getApplicationData() instanceof ChatRoute.Delivery d) {
            d.onTimeout();
        } else if (!event.isServerTransaction() && event.getClientTransaction().getApplicationData() instanceof ClientCallback c) {
            c.timeout();
        }
    }

    // ---- small helpers ------------------------------------------------------------------------

    // What TrunkRoute shares with the script it is part of.

    CallObserver calls() {
        return calls;
    }

    RightsGate rights() {
        return rights;
    }

    Anchoring anchoring() {
        return anchoring;
    }

    ChatRoute chat() {
        return chat;
    }

    Replies replies() {
        return replies;
    }

    SipContext sip() {
        return sip;
    }

    Forwarder forwarder() {
        return forwarder;
    }

    ScheduledExecutorService timers() {
        return timers;
    }

    ProxySettings settings() {
        return settings;
    }

    void notify(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            LOG.warn("call observer failed", e);
        }
    }

    private static String callId(javax.sip.message.Message message) {
        return ((CallIdHeader) message.getHeader(CallIdHeader.NAME)).getCallId();
    }

    private static String fromTag(javax.sip.message.Message message) {
        return ((FromHeader) message.getHeader(FromHeader.NAME)).getTag();
    }

    private static String toTag(javax.sip.message.Message message) {
        return InDialogRoute.toTag(message);
    }

    /** The caller's top Via identifies its transaction; its CANCEL carries the same one (RFC 3261 9.1). */
    private static String viaKey(Request request) {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        return via.getBranch() + "|" + via.getHost() + ":" + via.getPort() + "|" + callId(request);
    }
}
