package org.palisade.server;

import io.micrometer.core.instrument.Gauge;
import java.time.Clock;
import java.util.List;
import org.palisade.core.account.AccountAdministration;
import org.palisade.core.account.PasswordHasher;
import org.palisade.relay.client.RelayNodeStatus;
import org.palisade.sip.SipSettings;
import org.palisade.web.WebServer;
import org.palisade.web.WebSettings;
import org.palisade.web.accounts.AdminUserApi;
import org.palisade.web.health.HealthChecks;

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

        web.health().register("sip", () -> sip(node));
        web.health().register("relay-nodes", () -> relays(node));

        web.metrics()
                .gauge("palisade.registrations", "Contacts registered (bindings), as this node sees them",
                        () -> node.registrar().bindingCount())
                .gauge("palisade.calls.active", "Answered calls up on this node", () -> node.liveCalls().active().size());
        for (boolean up : new boolean[] {true, false}) {
            Gauge.builder("palisade.trunks", () -> node.trunkHealth().values().stream().filter(u -> u == up).count())
                    .description("Trunks by the state of their OPTIONS health checks").tag("state", up ? "up" : "down")
                    .strongReference(true).register(web.metrics().registry());
        }
        return web;
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
}
