package org.palisade.server;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.palisade.core.audit.AuditCounts;
import org.palisade.core.audit.AuditType;
import org.palisade.core.call.Direction;
import org.palisade.core.call.Disposition;
import org.palisade.core.cdr.CallCounts;
import org.palisade.core.directory.DirectorySyncStatus;
import org.palisade.relay.client.RelayNodeStatus;
import org.palisade.relay.node.RelayNode;
import org.palisade.relay.node.RelayStats;
import org.palisade.web.live.DashboardApi;
import org.palisade.web.metrics.Metrics;

/**
 * What a node adds to {@code /metrics} besides the JVM's: registrations, calls (active, and ended
 * by direction and disposition), chat messages, blocked attempts, trunks, relay nodes and the
 * embedded relay's streams and packets, the directory sync. Counters count since this process
 * started, as Prometheus expects; each node reports its own.
 */
final class NodeMetrics {

    private NodeMetrics() {
    }

    static void register(Metrics metrics, PalisadeNode node) {
        MeterRegistry registry = metrics.registry();
        metrics.gauge("palisade.registrations", "Contacts registered (bindings), as this node sees them",
                        () -> node.registrar().bindingCount())
                .gauge("palisade.calls.active", "Answered calls up on this node", () -> node.liveCalls().active().size());
        calls(registry, node.callCounts());
        audit(registry, node.database().auditCounts());
        trunks(registry, node);
        relays(metrics, registry, node.media());
        directory(metrics, node);
    }

    /** Ended calls by direction and disposition, in the words of `cdr list --disposition` (no-answer, blocked-by-policy, ...). */
    private static void calls(MeterRegistry registry, CallCounts counts) {
        if (counts == null) {
            return; // a node that records no calls
        }
        for (Direction d : Direction.values()) {
            for (Disposition x : Disposition.values()) {
                FunctionCounter.builder("palisade.calls", counts, c -> c.calls(d, x))
                        .description("Calls ended on this node (one call record each), by direction and disposition")
                        .tag("direction", word(d.name())).tag("disposition", word(x.name())).register(registry);
            }
        }
        FunctionCounter.builder("palisade.media.packets", counts, CallCounts::mediaPackets)
                .description("RTP packets of ended anchored calls, both parties, as their relay nodes counted them")
                .register(registry);
    }

    private static void audit(MeterRegistry registry, AuditCounts counts) {
        FunctionCounter.builder("palisade.messages", counts, c -> c.count(AuditType.CHAT_MESSAGE))
                .description("Chat messages (SIP MESSAGE) this node archived").register(registry);
        for (AuditType t : DashboardApi.BLOCKED) {
            FunctionCounter.builder("palisade.blocked.attempts", counts, c -> c.count(t))
                    .description("Refused calls, messages and logons this node audited, by audit type")
                    .tag("type", t.name()).register(registry);
        }
    }

    private static void trunks(MeterRegistry registry, PalisadeNode node) {
        for (boolean up : new boolean[] {true, false}) {
            Gauge.builder("palisade.trunks", () -> node.trunkHealth().values().stream().filter(u -> u == up).count())
                    .description("Trunks by the state of their OPTIONS health checks").tag("state", up ? "up" : "down")
                    .strongReference(true).register(registry);
        }
    }

    /** The pool's nodes by health; the embedded relay's own streams and counters (remote nodes count theirs). */
    private static void relays(Metrics metrics, MeterRegistry registry, MediaPlane media) {
        if (media == null) {
            return; // media not anchored
        }
        for (boolean up : new boolean[] {true, false}) {
            Gauge.builder("palisade.relay.nodes", () -> media.status().stream().filter(s -> s.up() == up).count())
                    .description("Relay nodes by the state of their health checks").tag("state", up ? "up" : "down")
                    .strongReference(true).register(registry);
        }
        RelayNode embedded = media.embedded();
        if (embedded == null) {
            return;
        }
        metrics.gauge("palisade.relay.streams", "Media streams (port pairs) the embedded relay has allocated",
                () -> embedded.stats().totalPortPairs() - embedded.stats().freePortPairs());
        metrics.gauge("palisade.relay.calls", "Calls on the embedded relay", () -> embedded.stats().activeCalls());
        relayCounter(registry, embedded, "palisade.relay.packets", "Packets the embedded relay forwarded", RelayStats::packetsRelayed);
        relayCounter(registry, embedded, "palisade.relay.bytes", "Bytes the embedded relay forwarded", RelayStats::bytesRelayed);
    }

    private static void relayCounter(MeterRegistry registry, RelayNode embedded, String name, String help,
                                     ToDoubleFunction<RelayStats> value) {
        FunctionCounter.builder(name, embedded, r -> value.applyAsDouble(r.stats())).description(help).register(registry);
    }

    /** NaN until a directory sync has run: "never" must not read as "1970" or as "failed". */
    private static void directory(Metrics metrics, PalisadeNode node) {
        metrics.gauge("palisade.directory.sync.finished.seconds", "When the last directory sync finished, Unix time",
                        () -> lastSync(node).map(s -> (Number) (s.finishedAtMillis() / 1000.0)).orElse(Double.NaN))
                .gauge("palisade.directory.sync.ok", "1 when the last directory sync made every planned change, 0 when it failed or was guarded",
                        () -> lastSync(node).map(s -> (Number) (s.result() == DirectorySyncStatus.Result.OK ? 1 : 0))
                                .orElse(Double.NaN))
                .gauge("palisade.directory.people", "People the last directory sync found",
                        () -> lastSync(node).map(s -> (Number) s.people()).orElse(Double.NaN));
    }

    /** The last directory sync, by any node or the CLI, as stored: what `directory status` shows too. */
    private static Optional<DirectorySyncStatus> lastSync(PalisadeNode node) {
        return node.database().inTransaction(tx -> tx.directory().status());
    }

    /** NO_ANSWER -> no-answer: the label values read like the CLI's filter words. */
    private static String word(String constant) {
        return constant.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
