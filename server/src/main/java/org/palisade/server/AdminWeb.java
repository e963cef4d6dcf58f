package org.palisade.server;

import java.time.Clock;
import java.util.List;
import org.palisade.core.account.AccountAdministration;
import org.palisade.core.account.PasswordHasher;
import org.palisade.relay.client.RelayNodeStatus;
import org.palisade.sip.SipSettings;
import org.palisade.core.admin.RelayNodeAdministration;
import org.palisade.core.admin.TrunkAdministration;
import org.palisade.core.trunk.Trunk;
import org.palisade.pbx.BridgeDirectory;
import org.palisade.pbx.dialplan.DialPlan;
import org.palisade.pbx.dialplan.Dialled;
import org.palisade.pbx.sip.TrunkHealth;
import org.palisade.pbx.sip.TrunkServices;
import org.palisade.web.dialplan.DidApi;
import org.palisade.web.dialplan.RouteApi;
import org.palisade.web.dialplan.RouteTester;
import org.palisade.web.dialplan.TrunkApi;
import org.palisade.web.dialplan.TrunkStatusSource;
import org.palisade.web.relays.RelayHealthSource;
import org.palisade.web.relays.RelayNodeApi;
import org.palisade.web.WebServer;
import org.palisade.web.WebSettings;
import org.palisade.web.accounts.AdminUserApi;
import org.palisade.web.health.HealthChecks;
import org.palisade.web.records.RecordsApi;
import org.palisade.core.admin.Administration;
import org.palisade.core.call.ActiveCall;
import org.palisade.core.call.LiveCalls;
import org.palisade.web.extensions.ExtensionApi;
import org.palisade.web.extensions.ExtensionImportApi;
import org.palisade.web.extensions.RegistrationApi;
import org.palisade.web.live.CallApi;
import org.palisade.web.live.DashboardApi;
import org.palisade.web.live.ServiceApi;
import org.palisade.web.profiles.ProfileApi;

/**
 * A node's admin web server: admin-ui's {@link WebServer} with the endpoints, health checks and
 * gauges that need this node. New endpoints are registered in {@link #create}.
 */
public final class AdminWeb {

    private AdminWeb() {
    }

    /** Made, not started: the caller starts it after the node, and closes it before. */
    public static WebServer create(WebSettings settings, PalisadeNode node, Clock clock) {
        WebServer web = new WebServer(settings, node.database(), clock);
        new AdminUserApi(new AccountAdministration(node.database(), new PasswordHasher(), clock)).register(web.routes());
        RecordsApi.register(web.routes(), node.database(), web.audit());
        // trunks, routes, DIDs and relay nodes; the dashboard shows trunkStatus and relayHealth(node) too
        TrunkStatusSource trunkStatus = dialPlan(web, node, clock);
        new RelayNodeApi(new RelayNodeAdministration(node.database(), clock), relayHealth(node)).register(web.routes());
        extensionsAndLive(web, node, trunkStatus, clock);

        web.health().register("sip", () -> sip(node));
        web.health().register("relay-nodes", () -> relays(node));

        NodeMetrics.register(web.metrics(), node);
        return web;
    }

    /**
     * Lets directory users log in to the web UI and API (see {@link DirectoryWebLogins}); their
     * membership is re-checked on the first request after {@code recheck} ({@link WebConfig#directoryRecheck}),
     * and at each login.
     */
    public static void directoryLogins(WebServer web, PalisadeNode node, org.palisade.directory.SecretOpener secrets,
                                       java.time.Duration recheck) {
        web.directoryLogins(new DirectoryWebLogins(node.database(), secrets), recheck);
    }

    private static HealthChecks.Status sip(PalisadeNode node) {
        SipSettings s = node.sipSettings();
        String where = s.address() + " udp " + s.udpPort() + ", tcp " + s.tcpPort() + (s.tls() ? ", tls " + s.tlsPort() : "");
        return node.sipListening() ? HealthChecks.Status.ok(where) : HealthChecks.Status.failing("not listening on " + where);
    }

    /** Fine when media is not anchored; otherwise at least one relay node must be up, or calls get 503. */
    private static HealthChecks.Status relays(PalisadeNode node) {
        MediaPlane media = node.media();
        if (media == null) {
            return HealthChecks.Status.ok("media not anchored");
        }
        List<RelayNodeStatus> nodes = media.status();
        List<String> up = nodes.stream().filter(RelayNodeStatus::up).map(RelayNodeStatus::name).toList();
        String detail = up.size() + " of " + nodes.size() + " up" + (up.isEmpty() ? "" : ": " + String.join(", ", up));
        return up.isEmpty() ? HealthChecks.Status.failing(detail) : HealthChecks.Status.ok(detail);
    }

    /**
     * {@code /api/trunks}, {@code /api/routes} and {@code /api/dids}. The sealer and the number plan
     * are the node's at the time of each request (see {@link PalisadeNode#trunkPasswordSealer}).
     *
     * @return the trunks' live state on this node
     */
    private static TrunkStatusSource dialPlan(WebServer web, PalisadeNode node, Clock clock) {
        TrunkAdministration admin = new TrunkAdministration(node.database(),
                TrunkApi.namingPasswordField((purpose, password) -> node.trunkPasswordSealer().seal(purpose, password)),
                number -> node.numbers().toE164(number), clock);
        TrunkStatusSource status = new TrunkStatusSource(admin::trunks, trunkState(node, clock));
        new TrunkApi(admin, status).register(web.routes());
        new RouteApi(admin, number -> routeTest(admin, node, number)).register(web.routes());
        new DidApi(admin).register(web.routes());
        return status;
    }

    /** What {@code palisade route test} prints: enabled trunks only, health aside. */
    private static RouteTester.Result routeTest(TrunkAdministration admin, PalisadeNode node, String number) {
        Dialled dialled = node.numbers().classify(number);
        if (!dialled.routable()) {
            throw new IllegalArgumentException("number: " + dialled.problem());
        }
        java.util.Set<String> enabled = admin.trunks().stream().filter(Trunk::enabled).map(Trunk::name)
                .collect(java.util.stream.Collectors.toSet());
        java.util.Optional<DialPlan.Outbound> out = new DialPlan(admin.routes()).route(dialled, enabled::contains);
        return new RouteTester.Result(number, dialled.kind().name().toLowerCase(java.util.Locale.ROOT), dialled.number(),
                out.map(DialPlan.Outbound::route).orElse(null), out.map(DialPlan.Outbound::number).orElse(null),
                out.map(DialPlan.Outbound::trunks).orElse(List.of()));
    }

    /** From the node's OPTIONS checks, trunk registrations and call slots. */
    private static TrunkStatusSource.NodeState trunkState(PalisadeNode node, Clock clock) {
        return new TrunkStatusSource.NodeState() {
            @Override
            public Boolean up(String trunk) {
                TrunkServices t = node.trunkServices();
                return t == null ? null : t.health().status(trunk)
                        .map(s -> s.state() == TrunkHealth.State.UNKNOWN ? null : s.up()).orElse(null);
            }

            @Override
            public Boolean registered(String trunk) {
                TrunkServices t = node.trunkServices();
                return t == null ? null : t.registrations().status(trunk).map(s -> s.registered(clock.instant())).orElse(false);
            }

            @Override
            public int inUse(String trunk) {
                return node.bridge() instanceof BridgeDirectory d ? d.inUse(trunk) : 0;
            }
        };
    }

    /** The relay pool's verdict on each node; nothing on a node that anchors no media. */
    static RelayHealthSource relayHealth(PalisadeNode node) {
        return () -> {
            MediaPlane media = node.media();
            java.util.Map<String, Boolean> up = new java.util.TreeMap<>();
            if (media != null) {
                media.status().forEach(s -> up.put(s.name(), s.up()));
            }
            return up;
        };
    }

    /**
     * Extensions (with the CSV import and export), registrations, profiles, live calls, the kill
     * switch and the dashboard. The node's calls are asked for at each request: the proxy that
     * carries them is made when the node starts, after this.
     */
    private static void extensionsAndLive(WebServer web, PalisadeNode node, TrunkStatusSource trunkStatus, Clock clock) {
        LiveCalls calls = new LiveCalls() {
            @Override
            public List<ActiveCall> active() {
                return node.liveCalls().active();
            }

            @Override
            public boolean end(String callId, String why) {
                return node.liveCalls().end(callId, why);
            }
        };
        new ExtensionApi(node.database(), node.realm(), number -> node.numbers().toE164(number), clock).register(web.routes());
        new ExtensionImportApi(node.database(), node.realm(), clock).register(web.routes());
        new RegistrationApi(node.database(), clock).register(web.routes());
        Administration admin = new Administration(node.database(), node.realm(), clock);
        new ProfileApi(admin).register(web.routes());
        new org.palisade.web.extensions.MeApi(node.database(), admin, clock).register(web.routes());
        new ServiceApi(admin, node::applyKillSwitch).register(web.routes());
        new CallApi(calls, web.audit()).register(web.routes());
        new DashboardApi(node.database(), calls, trunkStatus, relayHealth(node), clock).register(web.routes());
    }
}
