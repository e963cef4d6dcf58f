package org.palisade.pbx;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The addresses trunk peers given as host names resolve to, so that a request from such a peer is
 * recognised by its source address. A DNS lookup can take seconds, so none runs on the SIP
 * threads: {@link #track} (called with each trunk snapshot) starts lookups in the background for
 * names never looked up or last looked up {@code every} ago, and {@link #matches} only reads the
 * answers. A failed lookup keeps the last good answer (a DNS hiccup must not make the PBX a
 * stranger) and is logged when the outcome changes, not on every attempt.
 */
final class PeerAddresses {

    private static final Logger LOG = LoggerFactory.getLogger(PeerAddresses.class);
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    /** The system resolver (hosts file, then the company's DNS), as any other lookup of the JVM. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** One name's last good addresses, and whether its latest lookup failed (to log changes only). */
    private record Answer(Set<InetAddress> addresses, long lookedUpMillis, boolean failing) {
    }

    private final Resolver resolver;
    private final Duration every;
    private final Executor background;
    private final Clock clock;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    PeerAddresses(Resolver resolver, Duration every, Executor background, Clock clock) {
        this.resolver = resolver;
        this.every = every;
        this.background = background;
        this.clock = clock;
    }

    /** Lookups with the system resolver on one daemon thread, which ends when there is nothing to look up. */
    static PeerAddresses system(Duration every, Clock clock) {
        ThreadPoolExecutor lookups = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "trunk-peer-dns");
            t.setDaemon(true);
            return t;
        });
        lookups.allowCoreThreadTimeOut(true);
        return new PeerAddresses(InetAddress::getAllByName, every, lookups, clock);
    }

    /** An address as written, e.g. {@code 10.0.0.1} or {@code ::1}: matched by its text, never looked up. */
    static boolean isLiteral(String host) {
        return IPV4.matcher(host).matches() || host.contains(":");
    }

    /** The peer hosts of the current trunks: names due are looked up in the background, names gone are forgotten. */
    void track(Collection<String> peerHosts) {
        Set<String> names = peerHosts.stream().filter(h -> !isLiteral(h)).map(h -> h.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        answers.keySet().retainAll(names);
        long now = clock.millis();
        for (String name : names) {
            Answer a = answers.get(name);
            if ((a == null || now - a.lookedUpMillis() >= every.toMillis()) && inFlight.add(name)) {
                background.execute(() -> lookUp(name));
            }
        }
    }

    private void lookUp(String name) {
        try {
            Set<InetAddress> found = Set.copyOf(Stream.of(resolver.resolve(name)).toList());
            Answer before = answers.put(name, new Answer(found, clock.millis(), false));
            if (before == null || before.failing() || !before.addresses().equals(found)) {
                LOG.info("trunk peer {} is {}", name, found.stream().map(InetAddress::getHostAddress).sorted().toList());
            }
        } catch (UnknownHostException | RuntimeException e) {
            Answer before = answers.get(name);
            Set<InetAddress> kept = before == null ? Set.of() : before.addresses();
            answers.put(name, new Answer(kept, clock.millis(), true));
            if (before == null || !before.failing()) {
                LOG.warn("cannot resolve trunk peer {} ({}); {}", name, e.toString(),
                        kept.isEmpty() ? "requests from it are not recognised" : "keeping its last addresses");
            }
        } finally {
            inFlight.remove(name);
        }
    }

    /** Whether {@code source}, a request's source address, is {@code peerHost}: the same literal, or one of the name's addresses. */
    boolean matches(String peerHost, String source) {
        // Every initial request asks, once per trunk: address peers are settled by comparing the
        // text, and have no answer below (only names are looked up), so no parsing on the way.
        if (peerHost.equalsIgnoreCase(source)) {
            return isLiteral(peerHost);
        }
        Answer a = answers.get(peerHost.toLowerCase(Locale.ROOT));
        if (a == null || a.addresses().isEmpty()) {
            return false;
        }
        Optional<InetAddress> from = literal(source);
        return from.isPresent() && a.addresses().contains(from.get());
    }

    /** {@code host} as an address, parsed without a lookup (only literals are parsed). */
    private static Optional<InetAddress> literal(String host) {
        if (host == null || !isLiteral(host)) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
