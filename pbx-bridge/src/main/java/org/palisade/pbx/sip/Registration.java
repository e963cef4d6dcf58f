package org.palisade.pbx.sip;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ListIterator;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.MinExpiresHeader;
import javax.sip.message.Response;
import org.palisade.core.trunk.Trunk;
import org.palisade.pbx.sip.Exchanges.Answered;
import org.palisade.pbx.sip.Exchanges.NoAnswer;
import org.palisade.pbx.sip.Exchanges.Outcome;
import org.palisade.pbx.sip.TrunkRegistrations.State;
import org.palisade.pbx.sip.TrunkRegistrations.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trunk's registration at its peer, as a state machine run on the owner's single thread:
 * register, answer one challenge, refresh at 80% of the granted time, back off after failures,
 * and unregister before the binding changes or the trunk goes away.
 *
 * <p>One Call-ID per binding with a rising CSeq (RFC 3261 10.2.4): the registrar sees refreshes
 * of one registration, not a new device every hour. Changing the peer, transport or username is
 * a new binding: the old one is removed first (Expires 0), then the new one starts with a new
 * Call-ID, so the two never race at the registrar.
 */
final class Registration {

    private static final Logger LOG = LoggerFactory.getLogger(Registration.class);
    /** RFC 3261 10.2.8: a registrar asks for more with 423; more than a day is not a refresh interval we follow. */
    private static final int MAX_EXPIRES = 86_400;

    /** What every registration shares with its owner. */
    record Env(ScheduledExecutorService loop, Exchanges exchanges, TrunkRequests requests, DigestClient digest,
               Function<Trunk, char[]> passwords, TrunkSettings settings, Clock clock, Listener listener) {
    }

    interface Listener {
        void changed(Status status);

        /** Unregistered with nothing to register next: the owner forgets it. */
        void retired(String trunk);
    }

    /** The answer to a 401 (Authorization) or a 407 (Proxy-Authorization); the value is never logged. */
    private record Credentials(boolean proxy, String value) {

        @Override
        public String toString() {
            return "Credentials[" + (proxy ? "Proxy-Authorization" : "Authorization") + "]";
        }
    }

    private final Env env;
    private Trunk trunk;
    private Trunk next;
    private boolean retiring;
    private String callId;
    private String fromTag;
    private long cseq;
    private int expires;
    private int failures;
    private long generation;
    private boolean inFlight;
    private State state = State.REGISTERING;
    private Instant registeredUntil;
    private int lastCode;
    private String lastError;
    private Instant nextAttempt;
    private ScheduledFuture<?> timer;

    Registration(Env env, Trunk trunk) {
        this.env = env;
        bind(trunk);
    }

    void start() {
        attempt();
    }

    /** The trunk as now stored: same binding, or a new one (or none, null) after unregistering the old. */
    void update(Trunk changed) {
        if (retiring) {
            next = changed;
            return;
        }
        if (changed != null && sameBinding(trunk, changed)) {
            boolean newPassword = !Objects.equals(trunk.encryptedPassword(), changed.encryptedPassword());
            trunk = changed;
            if (newPassword && !inFlight) {
                failures = 0;
                attempt(); // proves the new password now, not at the next refresh
            }
            return;
        }
        next = changed;
        if (mayBeRegistered()) {
            retiring = true;
            cancelTimer();
            state = State.UNREGISTERING;
            nextAttempt = null;
            publish();
            send(true, 0, null);
        } else {
            applyNext();
        }
    }

    String name() {
        return trunk.name();
    }

    boolean retiringForGood() {
        return retiring && next == null;
    }

    private void bind(Trunk t) {
        trunk = t;
        callId = env.requests().newCallId();
        fromTag = TrunkRequests.newTag();
        cseq = 0;
        expires = env.settings().requestedExpires();
        failures = 0;
        registeredUntil = null;
        lastCode = 0;
        lastError = null;
    }

    private void applyNext() {
        retiring = false;
        cancelTimer();
        generation++; // nothing in flight for the old binding matters any more
        inFlight = false;
        if (next == null) {
            env.listener().retired(trunk.name());
            return;
        }
        Trunk t = next;
        next = null;
        bind(t);
        attempt();
    }

    private void attempt() {
        cancelTimer();
        state = State.REGISTERING;
        nextAttempt = null;
        publish();
        send(false, 0, null);
    }

    /** @param round how many challenges this attempt has answered so far */
    private void send(boolean unregister, int round, Credentials credentials) {
        long gen = ++generation;
        inFlight = true;
        try {
            var request = env.requests().register(trunk, callId, fromTag, ++cseq, unregister ? 0 : expires);
            if (credentials != null) {
                env.requests().authorize(request, credentials.proxy(), credentials.value());
            }
            env.exchanges().send(request, TrunkRequests.hop(trunk), outcome -> {
                if (gen == generation) {
                    inFlight = false;
                    handle(outcome, unregister, round);
                }
            });
        } catch (Exception e) {
            inFlight = false;
            ended(unregister, 0, "cannot build REGISTER: " + e.getMessage());
        }
    }

    private void handle(Outcome outcome, boolean unregister, int round) {
        if (outcome instanceof NoAnswer n) {
            ended(unregister, 0, n.reason());
            return;
        }
        Response r = ((Answered) outcome).response();
        int code = r.getStatusCode();
        if (code / 100 == 2) {
            if (unregister) {
                lastCode = code;
                unregistered();
            } else {
                registered(r);
            }
        } else if (code == Response.UNAUTHORIZED || code == Response.PROXY_AUTHENTICATION_REQUIRED) {
            answerChallenge(r, unregister, round);
        } else if (code == Response.INTERVAL_TOO_BRIEF && !unregister && longerExpires(r)) {
            send(false, 0, null); // a new attempt with the registrar's minimum; it rises each time, so this ends
        } else {
            ended(unregister, code, code + " " + r.getReasonPhrase());
        }
    }

    /** One challenge per attempt; a second only when the first answer was merely late (stale=true, RFC 7616 3.3). */
    private void answerChallenge(Response r, boolean unregister, int round) {
        int code = r.getStatusCode();
        boolean proxy = code == Response.PROXY_AUTHENTICATION_REQUIRED;
        List<String> offered = values(r, proxy ? "Proxy-Authenticate" : "WWW-Authenticate");
        var challenge = DigestClient.choose(offered);
        if (challenge.isEmpty()) {
            ended(unregister, code, code + ": no digest challenge Palisade can answer (MD5 or SHA-256, qop auth or none) in " + offered);
            return;
        }
        if (round > 1 || (round == 1 && !challenge.get().stale())) {
            ended(unregister, code, code + ": credentials refused (wrong username or password?)");
            return;
        }
        char[] password = null;
        String credentials;
        try {
            password = env.passwords().apply(trunk);
            credentials = env.digest().authorization(challenge.get(), trunk.username(), password, "REGISTER",
                    env.requests().peerUri(trunk).toString());
        } catch (Exception e) {
            // SecretException and friends name the trunk and the problem, never the secret
            ended(unregister, code, "cannot answer the challenge: " + e.getMessage());
            return;
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
        send(unregister, round + 1, new Credentials(proxy, credentials));
    }

    private boolean longerExpires(Response r) {
        MinExpiresHeader min = (MinExpiresHeader) r.getHeader(MinExpiresHeader.NAME);
        if (min == null || min.getExpires() <= expires || min.getExpires() > MAX_EXPIRES) {
            return false;
        }
        expires = min.getExpires();
        return true;
    }

    private void registered(Response r) {
        int granted = granted(r);
        if (granted <= 0) {
            ended(false, r.getStatusCode(), r.getStatusCode() + " but no time granted (expires 0)");
            return;
        }
        boolean was = state == State.REGISTERED;
        registeredUntil = env.clock().instant().plusSeconds(granted);
        failures = 0;
        lastCode = r.getStatusCode();
        lastError = null;
        state = State.REGISTERED;
        Duration refresh = Duration.ofMillis(granted * 800L);
        schedule(refresh);
        if (was) {
            LOG.debug("trunk {} registration refreshed for {} s", trunk.name(), granted);
        } else {
            LOG.info("trunk {} registered at {} for {} s", trunk.name(), trunk.peer(), granted);
        }
        publish();
    }

    private void ended(boolean unregister, int code, String error) {
        lastCode = code;
        lastError = error;
        if (unregister) {
            LOG.info("trunk {}: unregistering from {} failed: {}", trunk.name(), trunk.peer(), error);
            unregistered();
            return;
        }
        failures++;
        state = State.RETRYING;
        Duration wait = env.settings().backoff(failures);
        LOG.warn("trunk {}: registration at {} failed ({}), retry in {} s", trunk.name(), trunk.peer(), error, wait.toMillis() / 1000.0);
        schedule(wait);
        publish();
    }

    private void unregistered() {
        registeredUntil = null;
        applyNext();
    }

    /**
     * The time granted to our binding (RFC 3261 10.2.4): its Contact's expires, else the Expires
     * header, else what we asked for. A 200 lists every binding of the address of record, other
     * nodes' too, so ours is picked by URI.
     */
    private int granted(Response r) {
        List<ContactHeader> contacts = new ArrayList<>();
        for (ListIterator<?> it = r.getHeaders(ContactHeader.NAME); it.hasNext(); ) {
            contacts.add((ContactHeader) it.next());
        }
        SipURI ours;
        try {
            ours = env.requests().contactUri(trunk);
        } catch (Exception e) {
            ours = null;
        }
        for (ContactHeader c : contacts) {
            if (ours != null && c.getAddress().getURI() instanceof SipURI u && sameUri(u, ours) && c.getExpires() >= 0) {
                return c.getExpires();
            }
        }
        if (contacts.size() == 1 && contacts.get(0).getExpires() >= 0) {
            return contacts.get(0).getExpires();
        }
        ExpiresHeader e = r.getExpires();
        return e != null ? e.getExpires() : expires;
    }

    private static boolean sameUri(SipURI a, SipURI b) {
        return Objects.equals(a.getUser(), b.getUser()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(SipURI u) {
        return u.getPort() > 0 ? u.getPort() : u.isSecure() || "tls".equalsIgnoreCase(u.getTransportParam()) ? 5061 : 5060;
    }

    private static List<String> values(Response r, String name) {
        List<String> out = new ArrayList<>();
        for (ListIterator<?> it = r.getHeaders(name); it.hasNext(); ) {
            String text = it.next().toString().trim(); // "Name: value"
            int colon = text.indexOf(':');
            out.add(colon < 0 ? text : text.substring(colon + 1).trim());
        }
        return out;
    }

    private static boolean sameBinding(Trunk a, Trunk b) {
        return a.peerHost().equalsIgnoreCase(b.peerHost()) && Objects.equals(a.peerPort(), b.peerPort())
                && a.transport() == b.transport() && Objects.equals(a.username(), b.username());
    }

    private boolean mayBeRegistered() {
        return inFlight || (registeredUntil != null && registeredUntil.isAfter(env.clock().instant()));
    }

    private void schedule(Duration wait) {
        cancelTimer();
        nextAttempt = env.clock().instant().plus(wait);
        timer = env.loop().schedule(this::attempt, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void publish() {
        env.listener().changed(new Status(trunk.name(), trunk.peer().toString(), state, registeredUntil, lastCode, lastError,
                nextAttempt));
    }
}
