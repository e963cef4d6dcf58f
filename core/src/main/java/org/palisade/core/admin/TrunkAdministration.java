package org.palisade.core.admin;

import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.palisade.core.storage.Storage;
import org.palisade.core.storage.Transaction;
import org.palisade.core.trunk.Did;
import org.palisade.core.trunk.E164Normalizer;
import org.palisade.core.trunk.NewRoute;
import org.palisade.core.trunk.NewTrunk;
import org.palisade.core.trunk.PasswordSealer;
import org.palisade.core.trunk.Peer;
import org.palisade.core.trunk.Route;
import org.palisade.core.trunk.Transport;
import org.palisade.core.trunk.Trunk;
import org.palisade.core.trunk.TrunkChange;

/**
 * Trunks, the outbound dial plan and inbound DIDs, changed the one way configuration changes:
 * with a CONFIG_CHANGED entry (entity {@code trunk}, {@code route} or {@code did}) in the same
 * transaction. The audit log learns only that a trunk password is set or changed, never the
 * password or its sealed form: an audit log is read by more people than the configuration.
 *
 * <p>Errors as in {@link Administration}: {@link IllegalArgumentException} for bad input (message
 * starts with the field), {@link NoSuchElementException} for something that does not exist,
 * {@link IllegalStateException} for a conflict with what is stored.
 */
public final class TrunkAdministration {

    public static final int MAX_PASSWORD_LENGTH = 128;

    private final Storage storage;
    private final PasswordSealer sealer;
    private final E164Normalizer numbers;
    private final Clock clock;

    /**
     * @param sealer   used only when a password is given, so it may refuse (no key configured) for
     *                 everything else to work
     * @param numbers  brings DID numbers as typed into E.164
     */
    public TrunkAdministration(Storage storage, PasswordSealer sealer, E164Normalizer numbers, Clock clock) {
        this.storage = storage;
        this.sealer = sealer;
        this.numbers = numbers;
        this.clock = clock;
    }

    public Trunk addTrunk(String actor, NewTrunk t) {
        String name = Trunk.canonicalName(t.name());
        if (name.equals(Trunk.RESERVED_NAME)) {
            // GET /api/trunks/status is every trunk's live state: a trunk by that name could not be read.
            throw new IllegalArgumentException("name: '" + Trunk.RESERVED_NAME + "' is reserved, choose another name");
        }
        Peer peer = Peer.parse(t.peer());
        String sealed = seal(name, t.password());
        Trunk created = new Trunk(name, peer.host(), peer.port(), t.transport() == null ? Transport.UDP : t.transport(), t.register(),
                blankToNull(t.username()), sealed, t.maxCalls() == null ? 0 : t.maxCalls(),
                t.priority() == null ? Trunk.DEFAULT_PRIORITY : t.priority(), true);
        return storage.inTransaction(tx -> {
            if (tx.trunks().find(name).isPresent()) {
                throw new IllegalStateException("trunk " + name + " already exists");
            }
            tx.trunks().insert(created);
            changed(tx, actor, "trunk", name, "add", null, describe(created, false));
            return created;
        });
    }

    public Trunk updateTrunk(String actor, String trunkName, TrunkChange change) {
        String name = Trunk.canonicalName(trunkName);
        if (change.isEmpty()) {
            throw new IllegalArgumentException("trunk: nothing to change");
        }
        Peer peer = change.peer() == null ? null : Peer.parse(change.peer());
        String sealed = seal(name, change.password());
        return storage.inTransaction(tx -> {
            Trunk before = tx.trunks().find(name).orElseThrow(() -> new NoSuchElementException("trunk " + name + " does not exist"));
            Trunk after = new Trunk(name,
                    peer == null ? before.peerHost() : peer.host(),
                    peer == null ? before.peerPort() : peer.port(),
                    change.transport() == null ? before.transport() : change.transport(),
                    change.register() == null ? before.register() : change.register(),
                    change.username() == null ? before.username() : blankToNull(change.username()),
                    sealed == null ? before.encryptedPassword() : sealed,
                    change.maxCalls() == null ? before.maxCalls() : change.maxCalls(),
                    change.priority() == null ? before.priority() : change.priority(),
                    change.enabled() == null ? before.enabled() : change.enabled());
            tx.trunks().update(after);
            changed(tx, actor, "trunk", name, "set", describe(before, false), describe(after, sealed != null));
            return after;
        });
    }

    public void removeTrunk(String actor, String trunkName) {
        String name = Trunk.canonicalName(trunkName);
        storage.inTransaction(tx -> {
            tx.routes().lock(); // a route being added now must not name it after the check
            Trunk before = tx.trunks().find(name).orElseThrow(() -> new NoSuchElementException("trunk " + name + " does not exist"));
            List<String> users = tx.routes().usingTrunk(name);
            if (!users.isEmpty()) {
                throw new IllegalStateException("trunk " + name + " is used by route " + String.join(", ", users)
                        + ": remove the route first");
            }
            tx.trunks().delete(name);
            changed(tx, actor, "trunk", name, "remove", describe(before, false), null);
            return null;
        });
    }

    public List<Trunk> trunks() {
        return storage.inTransaction(tx -> tx.trunks().list());
    }

    public Route addRoute(String actor, NewRoute r) {
        // validated before the transaction with a stand-in position; the real one needs the count
        Route draft = new Route(r.name(), 1, r.kind(), r.pattern(), r.strip() == null ? 0 : r.strip(), r.prepend(),
                r.trunks() == null ? List.of() : r.trunks());
        return storage.inTransaction(tx -> {
            tx.routes().lock();
            if (tx.routes().find(draft.name()).isPresent()) {
                throw new IllegalStateException("route " + draft.name() + " already exists");
            }
            int last = tx.routes().list().size() + 1;
            int position = r.position() == null ? last : r.position();
            if (position < 1 || position > last) {
                throw new IllegalArgumentException("position: 1 to " + last + ", got " + position);
            }
            for (String trunk : draft.trunks()) {
                if (tx.trunks().find(trunk).isEmpty()) {
                    throw new IllegalArgumentException("trunk: '" + trunk + "' does not exist");
                }
            }
            Route created = draft.withPosition(position);
            tx.routes().insert(created);
            changed(tx, actor, "route", created.name(), "add", null, describe(created));
            return created;
        });
    }

    public void removeRoute(String actor, String routeName) {
        String name = Route.canonicalName(routeName);
        storage.inTransaction(tx -> {
            tx.routes().lock();
            Route before = tx.routes().find(name).orElseThrow(() -> new NoSuchElementException("route " + name + " does not exist"));
            tx.routes().delete(name);
            changed(tx, actor, "route", name, "remove", describe(before), null);
            return null;
        });
    }

    /** In dial-plan order. */
    public List<Route> routes() {
        return storage.inTransaction(tx -> tx.routes().list());
    }

    /** @param number as typed; stored in E.164 */
    public Did addDid(String actor, String number, String extension) {
        Did created = new Did(numbers.toE164(number), extension);
        return storage.inTransaction(tx -> {
            if (tx.dids().find(created.number()).isPresent()) {
                throw new IllegalStateException("did " + created.number() + " already exists");
            }
            if (tx.extensions().find(extension).isEmpty()) {
                throw new IllegalArgumentException("extension: '" + extension + "' does not exist");
            }
            tx.dids().insert(created);
            changed(tx, actor, "did", created.number(), "add", null, Map.of("extension", extension));
            return created;
        });
    }

    public void removeDid(String actor, String number) {
        String e164 = numbers.toE164(number);
        storage.inTransaction(tx -> {
            Did before = tx.dids().find(e164).orElseThrow(() -> new NoSuchElementException("did " + e164 + " does not exist"));
            tx.dids().delete(e164);
            changed(tx, actor, "did", e164, "remove", Map.of("extension", before.extension()), null);
            return null;
        });
    }

    public List<Did> dids() {
        return storage.inTransaction(tx -> tx.dids().list());
    }

    /**
     * Makes {@code number} the DID of {@code extension}, in place of the one it had; with null (or
     * blank) the extension is left with no DID. One CONFIG_CHANGED {@code did} entry per DID removed
     * or added, none when it already is so.
     *
     * @param number as typed; stored in E.164
     * @return the DID that rings the extension now, empty for none
     * @throws NoSuchElementException when the extension does not exist
     * @throws IllegalStateException  when the number rings another extension, or several DIDs ring
     *                                this one (change those one by one: {@link #addDid}, {@link #removeDid})
     */
    public java.util.Optional<Did> assignDid(String actor, String extension, String number) {
        String e164;
        try {
            e164 = number == null || number.isBlank() ? null : numbers.toE164(number);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("did: " + e.getMessage().replaceFirst("^number: ", ""), e);
        }
        return storage.inTransaction(tx -> {
            if (tx.extensions().find(extension).isEmpty()) {
                throw new NoSuchElementException("extension " + extension + " does not exist");
            }
            List<Did> had = tx.dids().list().stream().filter(d -> d.extension().equals(extension)).toList();
            if (had.size() > 1) {
                throw new IllegalStateException("extension " + extension + " has " + had.size() + " DIDs ("
                        + String.join(", ", had.stream().map(Did::number).toList()) + "): change them one by one as DIDs");
            }
            Did before = had.isEmpty() ? null : had.get(0);
            if (before != null && before.number().equals(e164)) {
                return java.util.Optional.of(before);
            }
            if (e164 != null) {
                java.util.Optional<Did> taken = tx.dids().find(e164);
                if (taken.isPresent()) {
                    throw new IllegalStateException("did " + e164 + " already rings extension " + taken.get().extension());
                }
            }
            if (before != null) {
                tx.dids().delete(before.number());
                changed(tx, actor, "did", before.number(), "remove", Map.of("extension", extension), null);
            }
            if (e164 == null) {
                return java.util.Optional.<Did>empty();
            }
            Did created = new Did(e164, extension);
            tx.dids().insert(created);
            changed(tx, actor, "did", e164, "add", null, Map.of("extension", extension));
            return java.util.Optional.of(created);
        });
    }

    /** Seals and then wipes the caller's copy of the password. */
    private String seal(String trunk, char[] password) {
        if (password == null) {
            return null;
        }
        try {
            if (password.length == 0 || password.length > MAX_PASSWORD_LENGTH) {
                throw new IllegalArgumentException("password: 1 to " + MAX_PASSWORD_LENGTH + " characters");
            }
            return sealer.seal("trunk:" + trunk, password);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private void changed(Transaction tx, String actor, String entity, String subject, String action, Object before, Object after) {
        ConfigChanges.record(tx, clock.millis(), actor, entity, subject, action, before, after);
    }

    /** What the audit log may say about a trunk: whether it has a password, never the password or its sealed form. */
    static Map<String, Object> describe(Trunk t, boolean passwordChanged) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("peer", t.peer().toString());
        m.put("transport", t.transport().label());
        m.put("register", t.register());
        m.put("username", t.username());
        if (t.hasCredentials()) {
            m.put("password", passwordChanged ? "changed" : "set");
        }
        m.put("maxCalls", t.maxCalls());
        m.put("priority", t.priority());
        m.put("enabled", t.enabled());
        return m;
    }

    static Map<String, Object> describe(Route r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("position", r.position());
        m.put(r.kind().label(), r.pattern());
        m.put("strip", r.strip());
        m.put("prepend", r.prepend());
        m.put("trunks", r.trunks());
        return m;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
