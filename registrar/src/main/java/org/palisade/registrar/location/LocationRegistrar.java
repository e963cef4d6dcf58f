package org.palisade.registrar.location;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.palisade.core.audit.AuditEvent;
import org.palisade.core.audit.AuditType;
import org.palisade.core.location.Binding;
import org.palisade.core.location.ContactSpec;
import org.palisade.core.location.LocationService;
import org.palisade.core.location.RegisterRequest;
import org.palisade.core.location.RegisterResult;
import org.palisade.core.location.Registrar;
import org.palisade.core.storage.Storage;
import org.palisade.core.storage.Transaction;
import org.palisade.registrar.RegistrarSettings;

/**
 * Applies REGISTER requests (RFC 3261 10.3, steps 6-8) to the bindings in the database and
 * keeps an in-memory view of them for lookups. The database is the truth, shared by all
 * nodes; each REGISTER locks its address of record there, so two REGISTERs of one extension
 * never interleave, whichever node they reach.
 */
public final class LocationRegistrar implements Registrar, LocationService {

    private final Storage storage;
    private final RegistrarSettings settings;
    private final Clock clock;
    private final Map<String, List<Binding>> view = new ConcurrentHashMap<>();

    public LocationRegistrar(Storage storage, RegistrarSettings settings, Clock clock) {
        this.storage = storage;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public RegisterResult register(RegisterRequest req) {
        long now = clock.millis();
        if (req.wildcard() && (!req.contacts().isEmpty() || req.expiresHeader() == null || req.expiresHeader() != 0)) {
            return new RegisterResult.Rejected(400, "Contact * needs Expires 0 and no other Contact");
        }
        List<Integer> lifetimes = new ArrayList<>();
        for (ContactSpec c : req.contacts()) {
            if (c.q() != null && (c.q() < 0f || c.q() > 1f)) {
                return new RegisterResult.Rejected(400, "q value must lie between 0 and 1");
            }
            int expires = c.expires() != null ? c.expires()
                    : req.expiresHeader() != null ? req.expiresHeader() : settings.defaultExpires();
            if (expires < 0) {
                return new RegisterResult.Rejected(400, "Negative expires");
            }
            if (expires != 0 && expires < settings.minExpires()) {
                return new RegisterResult.IntervalTooBrief(settings.minExpires());
            }
            lifetimes.add(Math.min(expires, settings.maxExpires()));
        }
        try {
            List<Binding> current = storage.inTransaction(tx -> apply(tx, req, lifetimes, now));
            publish(req.aor(), current);
            return new RegisterResult.Ok(current, now);
        } catch (Refusal r) {
            return r.result;
        }
    }

    private List<Binding> apply(Transaction tx, RegisterRequest req, List<Integer> lifetimes, long now) {
        List<Binding> existing = tx.bindings().lockForAor(req.aor());
        if (req.wildcard()) {
            for (Binding b : existing) {
                if (b.callId().equals(req.callId()) && req.cseq() <= b.cseq()) {
                    throw new Refusal(new RegisterResult.Rejected(500, "Out of order REGISTER"));
                }
            }
            for (Binding b : existing) {
                removed(tx, b, req, now);
            }
            return List.of();
        }
        for (int i = 0; i < req.contacts().size(); i++) {
            ContactSpec c = req.contacts().get(i);
            int lifetime = lifetimes.get(i);
            Optional<Binding> match = existing.stream().filter(b -> b.contactUri().equals(c.uri())).findFirst();
            if (match.isPresent() && match.get().callId().equals(req.callId()) && req.cseq() <= match.get().cseq()) {
                throw new Refusal(new RegisterResult.Rejected(500, "Out of order REGISTER"));
            }
            if (lifetime == 0) {
                if (match.isPresent()) {
                    removed(tx, match.get(), req, now);
                    existing = without(existing, match.get());
                }
            } else if (match.isPresent()) {
                Binding old = match.get();
                tx.bindings().update(old.refreshed(now + lifetime * 1000L, c.q(), req.callId(), req.cseq(),
                        req.sourceHost(), req.sourcePort(), req.transport(), req.userAgent()));
                if (!old.callId().equals(req.callId())) {
                    // Same contact, new Call-ID: the device restarted and logged on afresh.
                    logon(tx, req, c.uri(), lifetime, now);
                }
            } else {
                if (existing.stream().filter(b -> !b.expiredAt(now)).count() >= settings.maxContacts()) {
                    throw new Refusal(new RegisterResult.Rejected(403, "Too many contacts, at most " + settings.maxContacts()));
                }
                Binding added = tx.bindings().insert(new Binding(null, req.aor(), c.uri(), c.q(), now + lifetime * 1000L, now,
                        req.callId(), req.cseq(), req.sourceHost(), req.sourcePort(), req.transport(), req.userAgent()));
                existing = new ArrayList<>(existing);
                existing.add(added);
                logon(tx, req, c.uri(), lifetime, now);
            }
        }
        return tx.bindings().forAor(req.aor()).stream().filter(b -> !b.expiredAt(now)).collect(Collectors.toList());
    }

    private static List<Binding> without(List<Binding> bindings, Binding gone) {
        return bindings.stream().filter(b -> !b.id().equals(gone.id())).collect(Collectors.toList());
    }

    private static void logon(Transaction tx, RegisterRequest req, String contact, int lifetime, long now) {
        tx.audit().append(new AuditEvent(AuditType.LOGON, req.aor(), req.aor(), req.sourceHost() + ":" + req.sourcePort(),
                Map.of("contact", contact, "expires", lifetime, "transport", String.valueOf(req.transport()),
                        "userAgent", req.userAgent() == null ? "" : req.userAgent())), now);
    }

    private static void removed(Transaction tx, Binding b, RegisterRequest req, long now) {
        if (tx.bindings().delete(b.id())) {
            tx.audit().append(new AuditEvent(AuditType.LOGOFF, req.aor(), req.aor(), req.sourceHost() + ":" + req.sourcePort(),
                    Map.of("contact", b.contactUri())), now);
        }
    }

    @Override
    public List<Binding> lookup(String aor) {
        long now = clock.millis();
        return view.getOrDefault(aor, List.of()).stream().filter(b -> !b.expiredAt(now)).collect(Collectors.toList());
    }

    /**
     * Removes bindings that ran out, auditing each as EXPIRED exactly once even when several
     * nodes sweep the same database: only the node whose delete succeeds writes the entry.
     */
    public int expire() {
        long now = clock.millis();
        List<Binding> gone = storage.inTransaction(tx -> {
            List<Binding> removed = new ArrayList<>();
            for (Binding b : tx.bindings().expiredAt(now)) {
                if (tx.bindings().deleteIfExpired(b.id(), now)) {
                    tx.audit().append(new AuditEvent(AuditType.EXPIRED, "system", b.aor(), b.source(),
                            Map.of("contact", b.contactUri())), now);
                    removed.add(b);
                }
            }
            return removed;
        });
        gone.forEach(b -> view.computeIfPresent(b.aor(), (aor, list) -> {
            List<Binding> left = list.stream().filter(x -> !x.id().equals(b.id())).collect(Collectors.toList());
            return left.isEmpty() ? null : left;
        }));
        return gone.size();
    }

    /** Reloads the view from the database: picks up other nodes' bindings and the CLI's removals. */
    public void resync() {
        Map<String, List<Binding>> fresh = storage.inTransaction(tx -> tx.bindings().all()).stream()
                .collect(Collectors.groupingBy(Binding::aor));
        view.keySet().retainAll(fresh.keySet());
        view.putAll(fresh);
    }

    public int bindingCount() {
        return view.values().stream().mapToInt(List::size).sum();
    }

    private void publish(String aor, List<Binding> current) {
        if (current.isEmpty()) {
            view.remove(aor);
        } else {
            view.put(aor, List.copyOf(current));
        }
    }

    /** Aborts the transaction with an answer for the phone. */
    private static final class Refusal extends RuntimeException {
        final transient RegisterResult result;

        Refusal(RegisterResult result) {
            super(null, null, false, false);
            this.result = result;
        }
    }
}
