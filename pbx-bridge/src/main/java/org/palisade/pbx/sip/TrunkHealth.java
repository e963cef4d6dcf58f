package org.palisade.pbx.sip;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.palisade.core.audit.AuditEvent;
import org.palisade.core.audit.AuditLog;
import org.palisade.core.audit.AuditType;
import org.palisade.core.trunk.Trunk;
import org.palisade.pbx.sip.Exchanges.Answered;
import org.palisade.pbx.sip.Exchanges.NoAnswer;
import org.palisade.pbx.sip.Exchanges.Outcome;
import org.palisade.sip.SipServer.SipContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OPTIONS health checks (RFC 3261 11) of every enabled trunk's peer, so that calls skip a peer
 * that does not answer. Every {@link TrunkSettings#healthInterval()} each trunk gets one OPTIONS
 * (a new one is not sent while the last is still unanswered).
 *
 * <p>The rules, chosen so that a call is never refused on a guess:
 * <ul>
 *   <li>A trunk is up until proven down: right after start, and after its peer or transport
 *       changed, it is {@link State#UNKNOWN}, which counts as up. Otherwise the first calls after a
 *       restart would fail for up to one interval.</li>
 *   <li>Any final answer proves the peer alive, 4xx and 5xx included (many PBXs answer OPTIONS
 *       with 404 or 405 and take calls all the same), except 503 Service Unavailable: a peer that
 *       says it cannot take requests would refuse the call too (RFC 3261 21.5.4, and RFC 3263
 *       moves on to the next server on 503), so it counts like no answer.</li>
 *   <li>Two misses in a row (no answer within {@link TrunkSettings#answerTimeout()}, a request
 *       that cannot be sent, or 503) mark it down: one lost UDP datagram must not take a trunk
 *       out of service. The next answer marks it up again.</li>
 *   <li>Only changes between up and down are audited ({@code TRUNK_DOWN}, {@code TRUNK_UP}, subject
 *       {@code trunk:NAME}, actor {@code system}). The first answer after a start only confirms
 *       the presumption and is not audited; a trunk that is down from the start is.</li>
 * </ul>
 * Each node checks for itself and audits what it sees, its SIP address in the details.
 */
public final class TrunkHealth {

    private static final Logger LOG = LoggerFactory.getLogger(TrunkHealth.class);
    static final int MISSES_FOR_DOWN = 2;

    public enum State {
        /** Not checked yet: treated as up. */
        UNKNOWN,
        UP,
        DOWN
    }

    /**
     * @param misses     misses in a row since the last answer
     * @param lastCode   the last final answer's code, 0 when none yet
     * @param lastError  why the last check missed; null after an answer
     * @param since      when the state was entered
     */
    public record Status(String trunk, String peer, State state, int misses, int lastCode, String lastError, Instant since) {

        public boolean up() {
            return state != State.DOWN;
        }
    }

    private final Supplier<List<Trunk>> trunks;
    private final AuditLog audit;
    private final TrunkSettings settings;
    private final Clock clock;
    private final String node;
    private final ScheduledExecutorService loop;
    private final Exchanges exchanges;
    private final TrunkRequests requests;
    private final Map<String, Probe> probes = new HashMap<>(); // loop only
    private final Map<String, Status> published = new ConcurrentHashMap<>();

    /** @param trunks the trunks as stored, read before every round; when it throws, the last list is checked again */
    public TrunkHealth(SipContext sip, Supplier<List<Trunk>> trunks, AuditLog audit, TrunkSettings settings, Clock clock) {
        this.trunks = trunks;
        this.audit = audit;
        this.settings = settings;
        this.clock = clock;
        this.node = sip.settings().address();
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "trunk-health");
            t.setDaemon(true);
            return t;
        });
        this.exchanges = new Exchanges(sip, loop, settings.answerTimeout());
        this.requests = new TrunkRequests(sip);
    }

    /** The first round goes out at once. */
    public void start() {
        loop.scheduleWithFixedDelay(this::round, 0, settings.healthInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    public void stop() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * May calls use this trunk? False only when it is proven down; a trunk not checked yet, or
     * not known here (just added), counts as up.
     */
    public boolean up(String trunk) {
        Status s = published.get(trunk.toLowerCase(Locale.ROOT));
        return s == null || s.up();
    }

    /** Every enabled trunk's health, by name. */
    public Map<String, Status> status() {
        return new TreeMap<>(published);
    }

    public Optional<Status> status(String trunk) {
        return Optional.ofNullable(published.get(trunk.toLowerCase(Locale.ROOT)));
    }

    private void round() {
        List<Trunk> now;
        try {
            now = trunks.get();
        } catch (RuntimeException e) {
            LOG.warn("cannot read the trunks ({}); checking the last known ones", e.toString());
            now = probes.values().stream().map(p -> p.trunk).toList();
        }
        Map<String, Trunk> enabled = new HashMap<>();
        now.stream().filter(Trunk::enabled).forEach(t -> enabled.put(t.name(), t));
        probes.keySet().removeIf(name -> {
            boolean gone = !enabled.containsKey(name);
            if (gone) {
                published.remove(name);
            }
            return gone;
        });
        for (Trunk t : enabled.values()) {
            Probe p = probes.get(t.name());
            if (p == null || !p.samePeer(t)) {
                p = new Probe(t); // a new peer is a new unknown
                probes.put(t.name(), p);
                publish(p);
            }
            p.trunk = t;
            if (!p.pending) {
                check(p);
            }
        }
    }

    private void check(Probe p) {
        Request options;
        try {
            options = requests.options(p.trunk);
        } catch (Exception e) {
            miss(p, 0, "cannot build OPTIONS: " + e.getMessage());
            return;
        }
        p.pending = true;
        Trunk checked = p.trunk;
        exchanges.send(options, TrunkRequests.hop(checked), outcome -> {
            p.pending = false;
            if (probes.get(checked.name()) == p) { // not removed or replaced meanwhile
                result(p, outcome);
            }
        });
    }

    private void result(Probe p, Outcome outcome) {
        if (outcome instanceof NoAnswer n) {
            miss(p, 0, n.reason());
            return;
        }
        Response r = ((Answered) outcome).response();
        if (r.getStatusCode() == Response.SERVICE_UNAVAILABLE) {
            miss(p, r.getStatusCode(), "503 " + r.getReasonPhrase());
            return;
        }
        p.lastCode = r.getStatusCode();
        p.misses = 0;
        p.lastError = null;
        if (p.state != State.UP) {
            State was = p.state;
            enter(p, State.UP);
            if (was == State.DOWN) {
                LOG.info("trunk {} is up again: {} answered OPTIONS with {}", p.trunk.name(), p.trunk.peer(), r.getStatusCode());
                record(p, AuditType.TRUNK_UP, Map.of("code", r.getStatusCode()));
            }
        }
        publish(p);
    }

    private void miss(Probe p, int code, String why) {
        p.misses++;
        p.lastCode = code;
        p.lastError = why;
        if (p.misses >= MISSES_FOR_DOWN && p.state != State.DOWN) {
            enter(p, State.DOWN);
            LOG.warn("trunk {} is down: {} ({} checks in a row)", p.trunk.name(), why, p.misses);
            record(p, AuditType.TRUNK_DOWN, Map.of("reason", why, "misses", p.misses));
        }
        publish(p);
    }

    private void enter(Probe p, State state) {
        p.state = state;
        p.since = clock.instant();
    }

    /** A failed audit write does not stop the checks: the state still changes, and the log says what was lost. */
    private void record(Probe p, AuditType type, Map<String, Object> facts) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("peer", p.trunk.peer().toString());
        details.put("transport", p.trunk.transport().label());
        details.putAll(facts);
        details.put("node", node);
        try {
            audit.record(new AuditEvent(type, "system", "trunk:" + p.trunk.name(), null, details));
        } catch (RuntimeException e) {
            LOG.error("could not audit {} of trunk {}: {}", type, p.trunk.name(), e.toString());
        }
    }

    private void publish(Probe p) {
        published.put(p.trunk.name(), new Status(p.trunk.name(), p.trunk.peer().toString(), p.state, p.misses, p.lastCode,
                p.lastError, p.since));
    }

    /** One trunk's checks; touched on the loop only. */
    private final class Probe {

        Trunk trunk;
        State state = State.UNKNOWN;
        int misses;
        int lastCode;
        String lastError;
        boolean pending;
        Instant since = clock.instant();

        Probe(Trunk trunk) {
            this.trunk = trunk;
        }

        boolean samePeer(Trunk t) {
            return trunk.peerHost().equalsIgnoreCase(t.peerHost()) && Objects.equals(trunk.peerPort(), t.peerPort())
                    && trunk.transport() == t.transport();
        }
    }
}
