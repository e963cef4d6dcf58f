package org.palisade.pbx;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.palisade.core.storage.Storage;
import org.palisade.core.trunk.Did;
import org.palisade.core.trunk.PbxBridge;
import org.palisade.core.trunk.Trunk;
import org.palisade.pbx.dialplan.DialPlan;
import org.palisade.pbx.dialplan.Dialled;
import org.palisade.pbx.dialplan.NumberNormalizer;
import org.palisade.pbx.sip.DigestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PBX bridge as the proxy sees it ({@link PbxBridge}): trunks, dial plan and DIDs from the
 * database, held as one snapshot that is read again when it is older than {@code refresh}. The
 * SIP path therefore costs a map look-up, and an admin's change reaches calls within seconds; when
 * the database cannot be read, the last snapshot stays in force.
 *
 * <p>Call slots for max-calls are counted here, per node: several nodes sharing one trunk each
 * allow max-calls (the trunk's limit is a per-node limit until the count lives in the database).
 *
 * <p>A peer given as a host name is recognised by the addresses the name resolves to, looked up
 * in the background ({@link PeerAddresses}) when a snapshot first names it and again every 60 s:
 * a new trunk's name is recognised once its first lookup is done.
 */
public final class BridgeDirectory implements PbxBridge {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeDirectory.class);
    /** How often a peer's host name is looked up again; the JVM's own DNS cache applies as well. */
    private static final Duration PEER_LOOKUP_EVERY = Duration.ofSeconds(60);

    private final Storage storage;
    private final NumberNormalizer numbers;
    private final Optional<String> operator;
    private final Predicate<String> up;
    private final Function<Trunk, char[]> passwords;
    private final Duration refresh;
    private final Clock clock;
    private final PeerAddresses peers;
    private final DigestClient digest = new DigestClient();
    private final Map<String, AtomicInteger> busy = new ConcurrentHashMap<>();
    private volatile Snapshot snapshot;
    private final AtomicBoolean refreshing = new AtomicBoolean();

    /**
     * @param operator  the extension unknown DIDs ring ({@code pbx.operator-extension}); empty: 404
     * @param up        whether a trunk's peer is up now (the OPTIONS health checks)
     * @param passwords opens a trunk's sealed password, to answer its challenges
     */
    public BridgeDirectory(Storage storage, NumberNormalizer numbers, Optional<String> operator, Predicate<String> up,
                           Function<Trunk, char[]> passwords, Duration refresh, Clock clock) {
        this(storage, numbers, operator, up, passwords, refresh, clock, PeerAddresses.system(PEER_LOOKUP_EVERY, clock));
    }

    BridgeDirectory(Storage storage, NumberNormalizer numbers, Optional<String> operator, Predicate<String> up,
                    Function<Trunk, char[]> passwords, Duration refresh, Clock clock, PeerAddresses peers) {
        this.peers = peers;
        this.storage = storage;
        this.numbers = numbers;
        this.operator = operator;
        this.up = up;
        this.passwords = passwords;
        this.refresh = refresh;
        this.clock = clock;
    }

    private record Snapshot(long readMillis, Map<String, Trunk> trunks, DialPlan plan, Map<String, String> didToExtension,
                            Map<String, String> extensionToDid) {
    }

    /** Reads trunks, routes and DIDs now (after an admin change, or in tests). */
    public void refresh() {
        install(read());
    }

    /** Every snapshot, read or kept, also starts the peer lookups that are due: a DNS refresh must not wait for the database. */
    private void install(Snapshot s) {
        snapshot = s;
        peers.track(s.trunks().values().stream().filter(Trunk::enabled).map(Trunk::peerHost).toList());
    }

    /**
     * The snapshot every SIP request reads. When it is stale one thread re-reads the database
     * while the others go on with the last one; when the database cannot be read, the last one
     * serves for another refresh interval, so an outage costs one attempt per interval, not
     * one per request.
     */
    private Snapshot current() {
        Snapshot s = snapshot;
        if (s != null && (clock.millis() - s.readMillis() < refresh.toMillis() || !refreshing.compareAndSet(false, true))) {
            return s;
        }
        boolean held = s != null;
        try {
            s = read();
            install(s);
        } catch (RuntimeException e) {
            if (s == null) {
                throw e;
            }
            LOG.warn("cannot read trunks and dial plan, keeping the last ones: {}", e.toString());
            install(new Snapshot(clock.millis(), s.trunks(), s.plan(), s.didToExtension(), s.extensionToDid()));
        } finally {
            if (held) {
                refreshing.set(false);
            }
        }
        return s;
    }

    private Snapshot read() {
        return storage.inTransaction(tx -> {
            Map<String, Trunk> trunks = new HashMap<>();
            tx.trunks().list().forEach(t -> trunks.put(t.name(), t));
            Map<String, String> dids = new HashMap<>();
            Map<String, String> reverse = new HashMap<>();
            for (Did d : tx.dids().list()) { // by number: an extension's first DID is its caller ID
                dids.put(d.number(), d.extension());
                reverse.putIfAbsent(d.extension(), d.number());
            }
            return new Snapshot(clock.millis(), trunks, new DialPlan(tx.routes().list()), dids, reverse);
        });
    }

    @Override
    public Optional<TrunkPeer> trunkAt(String host, int port) {
        for (Trunk t : current().trunks().values()) {
            if (t.enabled() && peers.matches(t.peerHost(), host) && (t.peerPort() == null || t.peerPort() == port)) {
                return Optional.of(new TrunkPeer(t.name(), t.username()));
            }
        }
        return Optional.empty();
    }

    @Override
    public Plan plan(String dialled) {
        Snapshot s = current();
        Dialled d = numbers.classify(dialled);
        if (!d.routable()) {
            return Plan.none(Plan.Outcome.NO_ROUTE, d.problem());
        }
        Optional<DialPlan.Outbound> route = s.plan().route(d, name -> usable(s, name));
        if (route.isEmpty()) {
            return Plan.none(Plan.Outcome.NO_ROUTE, "no route for " + d.number());
        }
        List<Target> targets = new ArrayList<>();
        for (String name : route.get().trunks()) {
            Trunk t = s.trunks().get(name);
            String transport = t.transport().name();
            int port = t.peerPort() != null ? t.peerPort() : "TLS".equals(transport) ? 5061 : 5060;
            targets.add(new Target(name, t.peerHost(), port, transport, route.get().number()));
        }
        return targets.isEmpty()
                ? Plan.none(Plan.Outcome.UNAVAILABLE, "route " + route.get().route() + ": every trunk is disabled, down or full")
                : new Plan(Plan.Outcome.ROUTED, targets, null);
    }

    private boolean usable(Snapshot s, String name) {
        Trunk t = s.trunks().get(name);
        return t != null && t.enabled() && up.test(name) && (t.maxCalls() == 0 || inUse(name) < t.maxCalls());
    }

    @Override
    public Optional<String> extensionForDid(String number) {
        Snapshot s = current();
        String key = number;
        Dialled d = numbers.classify(number);
        if (d.kind() == Dialled.Kind.PUBLIC) {
            key = d.number();
        } else if (number != null && number.matches("[1-9][0-9]{6,14}")) {
            key = "+" + number; // E.164 without its '+', as many PBXs send it
        }
        String extension = s.didToExtension().get(key);
        return extension != null ? Optional.of(extension) : operator;
    }

    @Override
    public String callerId(String extension) {
        return current().extensionToDid().getOrDefault(extension, extension);
    }

    @Override
    public boolean acquire(String trunk) {
        Trunk t = current().trunks().get(trunk);
        if (t == null) {
            return false;
        }
        AtomicInteger n = busy.computeIfAbsent(trunk, k -> new AtomicInteger());
        int max = t.maxCalls() == 0 ? Integer.MAX_VALUE : t.maxCalls();
        while (true) {
            int now = n.get();
            if (now >= max) {
                return false;
            }
            if (n.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    @Override
    public void release(String trunk) {
        AtomicInteger n = busy.get(trunk);
        if (n != null) {
            n.updateAndGet(v -> Math.max(0, v - 1));
        }
    }

    /** Calls holding a slot of {@code trunk} on this node. */
    public int inUse(String trunk) {
        AtomicInteger n = busy.get(trunk.toLowerCase(Locale.ROOT));
        return n == null ? 0 : n.get();
    }

    @Override
    public Optional<String> credentials(String trunk, List<String> challenges, String method, String requestUri) {
        Trunk t = current().trunks().get(trunk);
        if (t == null || !t.hasCredentials()) {
            return Optional.empty();
        }
        Optional<DigestClient.Challenge> challenge = DigestClient.choose(challenges);
        if (challenge.isEmpty()) {
            return Optional.empty();
        }
        char[] password = null;
        try {
            password = passwords.apply(t);
            return Optional.of(digest.authorization(challenge.get(), t.username(), password, method, requestUri));
        } catch (RuntimeException e) {
            LOG.warn("cannot answer the challenge of trunk {}: {}", trunk, e.getMessage());
            return Optional.empty();
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }
}
