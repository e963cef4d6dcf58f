package org.palisade.core.admin;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.palisade.core.audit.AuditEvent;
import org.palisade.core.audit.AuditType;
import org.palisade.core.extension.DigestHashes;
import org.palisade.core.extension.Extension;
import org.palisade.core.rights.RightsProfile;
import org.palisade.core.rights.ServiceRight;
import org.palisade.core.storage.Storage;
import org.palisade.core.storage.Transaction;

/**
 * The one way configuration changes: each change and its CONFIG_CHANGED audit entry are
 * written in the same transaction, whoever asks (CLI today, web UI later).
 *
 * <p>Errors: {@link IllegalArgumentException} for bad input (message starts with the field),
 * {@link NoSuchElementException} for something that does not exist, {@link IllegalStateException}
 * for a conflict with what is stored.
 */
public final class Administration {

    private final Storage storage;
    private final String realm;
    private final Clock clock;

    public Administration(Storage storage, String realm, Clock clock) {
        this.storage = storage;
        this.realm = realm;
        this.clock = clock;
    }

    public Extension addExtension(String actor, String number, String name, String department, String profile, char[] password) {
        Extension.requireValidNumber(number);
        DigestHashes hashes = DigestHashes.of(number, realm, password);
        Extension created = new Extension(number, name, blankToNull(department),
                profile == null ? RightsProfile.DEFAULT : profile, hashes.md5(), hashes.sha256(), true);
        return storage.inTransaction(tx -> {
            if (tx.extensions().find(number).isPresent()) {
                throw new IllegalStateException("extension " + number + " already exists");
            }
            requireProfile(tx, created.profile());
            tx.extensions().insert(created);
            changed(tx, actor, "extension", number, "add", null, describe(created, true));
            return created;
        });
    }

    /** A new extension as an import file gives it. */
    public record NewExtension(String number, String name, String department, String profile, char[] password) {
    }

    /**
     * Adds many extensions in one transaction: all of them or, if one is bad, none, with an
     * error naming the line. Each still gets its own CONFIG_CHANGED entry.
     */
    public int importExtensions(String actor, java.util.List<NewExtension> batch) {
        java.util.List<Extension> prepared = new java.util.ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            NewExtension n = batch.get(i);
            try {
                Extension.requireValidNumber(n.number());
                DigestHashes hashes = DigestHashes.of(n.number(), realm, n.password());
                prepared.add(new Extension(n.number(), n.name(), blankToNull(n.department()),
                        n.profile() == null || n.profile().isBlank() ? RightsProfile.DEFAULT : n.profile(),
                        hashes.md5(), hashes.sha256(), true));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 2) + ": " + e.getMessage(), e);
            }
        }
        return storage.inTransaction(tx -> {
            java.util.Set<String> profilesSeen = new java.util.HashSet<>();
            for (Extension e : prepared) {
                if (tx.extensions().find(e.number()).isPresent()) {
                    throw new IllegalStateException("extension " + e.number() + " already exists");
                }
                if (profilesSeen.add(e.profile())) {
                    requireProfile(tx, e.profile());
                }
                tx.extensions().insert(e);
                changed(tx, actor, "extension", e.number(), "add", null, describe(e, true));
            }
            return prepared.size();
        });
    }

    public Extension updateExtension(String actor, String number, ExtensionChange change) {
        DigestHashes hashes = change.password() == null ? null : DigestHashes.of(number, realm, change.password());
        return storage.inTransaction(tx -> {
            lockLikeRegister(tx, number);
            Extension before = tx.extensions().find(number)
                    .orElseThrow(() -> new NoSuchElementException("extension " + number + " does not exist"));
            Extension after = before;
            if (change.name() != null) {
                after = after.withName(change.name());
            }
            if (change.department() != null) {
                after = after.withDepartment(blankToNull(change.department()));
            }
            if (change.profile() != null) {
                requireProfile(tx, change.profile());
                after = after.withProfile(change.profile());
            }
            if (hashes != null) {
                after = after.withCredentials(hashes);
            }
            if (change.enabled() != null) {
                after = after.withEnabled(change.enabled());
                if (!change.enabled()) {
                    tx.bindings().deleteForAor(number);
                }
            }
            tx.extensions().update(after);
            changed(tx, actor, "extension", number, "set", describe(before, false), describe(after, hashes != null));
            return after;
        });
    }

    public void removeExtension(String actor, String number) {
        storage.inTransaction(tx -> {
            lockLikeRegister(tx, number);
            Extension before = tx.extensions().find(number)
                    .orElseThrow(() -> new NoSuchElementException("extension " + number + " does not exist"));
            int dropped = tx.bindings().deleteForAor(number);
            tx.extensions().delete(number);
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("bindingsDropped", dropped);
            changed(tx, actor, "extension", number, "remove", describe(before, false), after);
            return null;
        });
    }

    public List<Extension> extensions() {
        return storage.inTransaction(tx -> tx.extensions().list());
    }

    public RightsProfile addProfile(String actor, String name, Set<ServiceRight> rights) {
        RightsProfile created = new RightsProfile(name, rights);
        return storage.inTransaction(tx -> {
            if (tx.profiles().find(name).isPresent()) {
                throw new IllegalStateException("profile " + name + " already exists");
            }
            tx.profiles().insert(created);
            changed(tx, actor, "profile", name, "add", null, Map.of("rights", ServiceRight.labels(created.rights())));
            return created;
        });
    }

    public RightsProfile setProfile(String actor, String name, Set<ServiceRight> rights) {
        RightsProfile after = new RightsProfile(name, rights);
        return storage.inTransaction(tx -> {
            RightsProfile before = tx.profiles().find(name)
                    .orElseThrow(() -> new NoSuchElementException("profile " + name + " does not exist"));
            tx.profiles().update(after);
            changed(tx, actor, "profile", name, "set", Map.of("rights", ServiceRight.labels(before.rights())),
                    Map.of("rights", ServiceRight.labels(after.rights())));
            return after;
        });
    }

    /**
     * The kill switch: switches services off (or on) for everybody at once, whatever the
     * profiles say. One CONFIG_CHANGED entry per service that actually changed.
     *
     * @return the services whose state changed
     */
    public Set<ServiceRight> switchServices(String actor, Set<ServiceRight> services, boolean on) {
        return storage.inTransaction(tx -> {
            Set<ServiceRight> changed = java.util.EnumSet.noneOf(ServiceRight.class);
            for (ServiceRight s : services) {
                boolean did = on ? tx.services().enable(s) : tx.services().disable(s, actor, clock.millis());
                if (did) {
                    changed.add(s);
                    changed(tx, actor, "service", s.label(), on ? "enable" : "disable",
                            Map.of("enabled", !on), Map.of("enabled", on));
                }
            }
            return changed;
        });
    }

    public Set<ServiceRight> disabledServices() {
        return storage.inTransaction(tx -> tx.services().disabled());
    }

    public List<RightsProfile> profiles() {
        return storage.inTransaction(tx -> tx.profiles().list());
    }

    /**
     * Takes the extension's locks in the order a REGISTER takes them (extension row, then its
     * bindings), so an admin change racing a phone's logon queues instead of deadlocking, and
     * the "before" written to the audit log is what was really replaced.
     */
    private static void lockLikeRegister(Transaction tx, String number) {
        tx.bindings().lockForAor(number);
    }

    private static void requireProfile(Transaction tx, String profile) {
        if (tx.profiles().find(profile).isEmpty()) {
            throw new IllegalArgumentException("profile: '" + profile + "' does not exist");
        }
    }

    private void changed(Transaction tx, String actor, String entity, String subject, String action, Object before, Object after) {
        ConfigChanges.record(tx, clock.millis(), actor, entity, subject, action, before, after);
    }

    /** What the audit log may say about an extension: never a hash, only that the password changed. */
    private static Map<String, Object> describe(Extension e, boolean passwordChanged) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", e.name());
        m.put("department", e.department());
        m.put("profile", e.profile());
        m.put("enabled", e.enabled());
        if (passwordChanged) {
            m.put("password", "changed");
        }
        return m;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
