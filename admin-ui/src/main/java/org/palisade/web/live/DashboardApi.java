package org.palisade.web.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.palisade.core.account.Role;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditQuery;
import org.palisade.core.audit.AuditType;
import org.palisade.core.call.LiveCalls;
import org.palisade.core.directory.DirectorySyncStatus;
import org.palisade.core.relay.RelayNode;
import org.palisade.core.storage.Storage;
import org.palisade.core.storage.Transaction;
import org.palisade.web.api.ApiResponse;
import org.palisade.web.api.Json;
import org.palisade.web.api.Routes;
import org.palisade.web.dialplan.TrunkStatusSource;
import org.palisade.web.relays.RelayHealthSource;

/**
 * {@code GET /api/dashboard}: what an admin checks first, in one answer.
 *
 * <pre>
 * 200 {"registrations": n,        live bindings (registered devices), every node
 *      "activeCalls": n,          answered calls up on this node
 *      "trunks": [...],           as GET /api/trunks/status: {"name","enabled","up","registered","inUse","maxCalls"}
 *      "relayNodes": [...],       as GET /api/relay-nodes: {"name","ng","weight","healthy"}
 *      "blocked": [AuditEntry],   the 10 newest POLICY_BLOCKED, RELAY_UNAVAILABLE, LOGON_FAILED and LOCKED_OUT
 *                                 entries, newest first, shaped as the items of GET /api/audit
 *      "blockedTypes": [type]}    those four types, for a link to GET /api/audit?type=... that lists what "blocked" shows
 * </pre>
 */
public final class DashboardApi {

    public static final String PATH = "/api/dashboard";
    private static final Set<Role> READERS = Set.of(Role.ADMIN, Role.AUDITOR);
    /** What counts as a blocked attempt, on the dashboard and in /metrics. */
    public static final List<AuditType> BLOCKED = List.of(AuditType.POLICY_BLOCKED, AuditType.RELAY_UNAVAILABLE, AuditType.LOGON_FAILED,
            AuditType.LOCKED_OUT);
    static final int RECENT = 10;

    /** @param directory the last directory sync, by any node or the CLI; null when none ran */
    record Dashboard(int registrations, int activeCalls, List<TrunkStatusSource.TrunkStatus> trunks, List<RelayNodeView> relayNodes,
                     List<Entry> blocked, List<AuditType> blockedTypes, DirectorySyncView directory) {
    }

    /** The last directory sync as an admin checks it: when, how it ended, what it changed. */
    record DirectorySyncView(Instant finished, String result, int people, int created, int updated, int disabled, int enabled,
                             int problems, String error) {
        static DirectorySyncView of(DirectorySyncStatus s) {
            return new DirectorySyncView(Instant.ofEpochMilli(s.finishedAtMillis()), s.result().label(), s.people(), s.created(),
                    s.updated(), s.disabled(), s.enabled(), s.problems(), s.error());
        }
    }

    /** The shape of {@code /api/relay-nodes}; {@code healthy} is null while not known. */
    record RelayNodeView(String name, String ng, int weight, Boolean healthy) {
    }

    /** The shape of {@code /api/audit}'s items; {@code details} is the entry's JSON object. */
    record Entry(long seq, Instant time, String type, String actor, String subject, String source, Object details) {
        static Entry of(AuditEntry e) {
            Object details = e.details();
            if (e.details() != null) {
                try {
                    details = Json.mapper().readTree(e.details());
                } catch (JsonProcessingException notJson) {
                    // stays text
                }
            }
            return new Entry(e.seq(), e.occurredAt(), e.type().name(), e.actor(), e.subject(), e.source(), details);
        }
    }

    private record Stored(int registrations, List<RelayNode> relays, List<AuditEntry> blocked, Optional<DirectorySyncStatus> directory) {
    }

    private final Storage storage;
    private final LiveCalls calls;
    private final TrunkStatusSource trunks;
    private final RelayHealthSource relayHealth;
    private final Clock clock;

    public DashboardApi(Storage storage, LiveCalls calls, TrunkStatusSource trunks, RelayHealthSource relayHealth, Clock clock) {
        this.storage = storage;
        this.calls = calls;
        this.trunks = trunks;
        this.relayHealth = relayHealth;
        this.clock = clock;
    }

    public void register(Routes routes) {
        routes.get(PATH, READERS, req -> ApiResponse.ok(dashboard()));
    }

    private Dashboard dashboard() {
        long now = clock.millis();
        Stored stored = storage.inTransaction(tx -> new Stored(
                (int) tx.bindings().all().stream().filter(b -> !b.expiredAt(now)).count(),
                tx.relayNodes().list(),
                recentBlocked(tx),
                tx.directory().status()));
        Map<String, Boolean> health = relayHealth.health();
        return new Dashboard(stored.registrations(), calls.active().size(), trunks.status(),
                stored.relays().stream().map(n -> new RelayNodeView(n.name(), n.ngAddress(), n.weight(), health.get(n.name()))).toList(),
                stored.blocked().stream().map(Entry::of).toList(),
                BLOCKED,
                stored.directory().map(DirectorySyncView::of).orElse(null));
    }

    private static List<AuditEntry> recentBlocked(Transaction tx) {
        return tx.audit().list(new AuditQuery(null, null, Set.copyOf(BLOCKED), null, null, null, RECENT));
    }
}
