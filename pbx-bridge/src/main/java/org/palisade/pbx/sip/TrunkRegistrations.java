package org.palisade.pbx.sip;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.palisade.core.trunk.Trunk;
import org.palisade.sip.SipServer.SipContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Palisade registered at the peer of every enabled trunk with {@code register} set: one
 * {@link Registration} per trunk, all run on one thread of their own, so the SIP stack's threads
 * only hand responses over and nothing here needs a lock.
 *
 * <p>The trunk list is read again every {@link TrunkSettings#reloadInterval()} (and on
 * {@link #reload()}), which is how admins' changes, this node's or another's, arrive: a new trunk
 * registers, a removed or disabled one unregisters, a changed peer moves the registration.
 *
 * <p>Responses reach the registrations through the proxy's listener: each REGISTER's client
 * transaction carries a {@link org.palisade.sip.ClientCallback} as its application data. The
 * SIP server must therefore run from {@link #start()} until {@link #stop()} has returned.
 */
public final class TrunkRegistrations {

    private static final Logger LOG = LoggerFactory.getLogger(TrunkRegistrations.class);

    public enum State {
        /** A REGISTER is on its way (first registration, refresh or a retry). */
        REGISTERING,
        /** The registrar accepted us; a refresh is due at about 80% of the granted time. */
        REGISTERED,
        /** The last attempt failed; {@code nextAttempt} says when it is tried again. */
        RETRYING,
        /** Removing the binding (Expires 0) before the trunk goes away or moves. */
        UNREGISTERING
    }

    /**
     * One trunk's registration as last seen.
     *
     * @param registeredUntil when the registrar's last grant runs out; null when never registered or unregistered.
     *                        A failed refresh leaves it: the binding is still there until then
     * @param lastCode        the last final answer's code; 0 for none (no answer, or not yet)
     * @param lastError       why the last attempt failed; null after a success. Never contains credentials
     * @param nextAttempt     the next refresh or retry; null while a request is on its way
     */
    public record Status(String trunk, String peer, State state, Instant registeredUntil, int lastCode, String lastError,
                         Instant nextAttempt) {

        public boolean registered(Instant now) {
            return registeredUntil != null && registeredUntil.isAfter(now);
        }
    }

    private final Supplier<List<Trunk>> trunks;
    private final TrunkSettings settings;
    private final ScheduledExecutorService loop;
    private final Registration.Env env;
    private final Map<String, Registration> registrations = new HashMap<>(); // loop only
    private final Map<String, Status> published = new ConcurrentHashMap<>();
    private final CountDownLatch allRetired = new CountDownLatch(1);
    private boolean stopping; // loop only

    /**
     * @param trunks    the trunks as stored, read on this class's thread; may throw (database down):
     *                  the registrations then go on as they are
     * @param passwords opens a trunk's sealed password, e.g. {@link TrunkPasswords#opener}; called
     *                  once per challenge, and the result is wiped after use
     */
    public TrunkRegistrations(SipContext sip, Supplier<List<Trunk>> trunks, Function<Trunk, char[]> passwords,
                              TrunkSettings settings, Clock clock) {
        this.trunks = trunks;
        this.settings = settings;
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "trunk-registrations");
            t.setDaemon(true);
            return t;
        });
        this.env = new Registration.Env(loop, new Exchanges(sip, loop, settings.answerTimeout()), new TrunkRequests(sip),
                new DigestClient(), passwords, settings, clock, new Registration.Listener() {
                    @Override
                    public void changed(Status status) {
                        published.put(status.trunk(), status);
                    }

                    @Override
                    public void retired(String trunk) {
                        registrations.remove(trunk);
                        published.remove(trunk);
                        if (stopping && registrations.isEmpty()) {
                            allRetired.countDown();
                        }
                    }
                });
    }

    /** Reads the trunks and registers; then re-reads them every reload interval. */
    public void start() {
        long every = settings.reloadInterval().toMillis();
        loop.scheduleWithFixedDelay(this::sync, 0, every, TimeUnit.MILLISECONDS);
    }

    /** Reads the trunk list now, e.g. right after an admin changed a trunk. Returns at once. */
    public void reload() {
        try {
            loop.execute(this::sync);
        } catch (RejectedExecutionException e) {
            // stopped
        }
    }

    /**
     * Unregisters every trunk (Expires 0, answering a challenge if asked) and waits for the
     * answers, at most two answer timeouts and a second; then stops. Call it before the SIP
     * server closes.
     */
    public void stop() {
        try {
            loop.execute(() -> {
                stopping = true;
                List.copyOf(registrations.values()).forEach(r -> r.update(null));
                if (registrations.isEmpty()) {
                    allRetired.countDown();
                }
            });
            long wait = settings.answerTimeout().toMillis() * 2 + 1000;
            if (!allRetired.await(wait, TimeUnit.MILLISECONDS)) {
                LOG.warn("trunk unregistration not finished after {} ms; stopping anyway", wait);
            }
        } catch (RejectedExecutionException e) {
            // already stopped
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            loop.shutdownNow();
        }
    }

    /** Every registering trunk's status, by name. */
    public Map<String, Status> status() {
        return new TreeMap<>(published);
    }

    public Optional<Status> status(String trunk) {
        return Optional.ofNullable(published.get(trunk.toLowerCase(Locale.ROOT)));
    }

    private void sync() {
        if (stopping) {
            return;
        }
        List<Trunk> now;
        try {
            now = trunks.get();
        } catch (RuntimeException e) {
            LOG.warn("cannot read the trunks ({}); registrations go on as they are", e.toString());
            return;
        }
        Map<String, Trunk> wanted = new HashMap<>();
        for (Trunk t : now) {
            if (t.enabled() && t.register() && t.username() != null) {
                wanted.put(t.name(), t);
            }
        }
        for (Registration r : List.copyOf(registrations.values())) {
            String name = r.name();
            if (!wanted.containsKey(name) && !r.retiringForGood()) {
                r.update(null);
            }
        }
        for (Trunk t : wanted.values()) {
            Registration r = registrations.get(t.name());
            if (r == null) {
                r = new Registration(env, t);
                registrations.put(t.name(), r);
                r.start();
            } else {
                r.update(t);
            }
        }
    }
}
