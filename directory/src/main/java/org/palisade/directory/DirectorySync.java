package org.palisade.directory;

import com.unboundid.ldap.sdk.LDAPConnection;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.palisade.core.admin.Administration;
import org.palisade.core.admin.ExtensionChange;
import org.palisade.core.audit.AuditEvent;
import org.palisade.core.audit.AuditType;
import org.palisade.core.directory.DirectoryLink;
import org.palisade.core.directory.DirectorySyncStatus;
import org.palisade.core.extension.Extension;
import org.palisade.core.storage.Storage;
import org.palisade.core.storage.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync run: read every person (and the mapped groups' members), plan, check the mass-disable
 * guard, make the changes, record the result.
 *
 * <ul>
 *   <li>Nothing changes unless the whole directory was read: an unreachable server, a refused bind
 *       or a failed page ends the run as {@code failed} before any change.</li>
 *   <li>Each change goes through {@link Administration} with actor {@value #ACTOR}, so it is the
 *       same CONFIG_CHANGED entry an admin's change writes, in the same transaction as the link row.
 *       Changes are committed {@value #BATCH} to a transaction; a batch that fails is retried one
 *       change at a time, so one bad change does not hold up the others.</li>
 *   <li>Every run but a dry run stores its {@link DirectorySyncStatus} and writes one DIRECTORY_SYNC
 *       audit entry with its counts.</li>
 *   <li>One run at a time, across processes and nodes: a lease in the database.</li>
 * </ul>
 */
public final class DirectorySync {

    public static final String ACTOR = "directory";
    /** The trigger of {@code serve}'s scheduled runs. */
    public static final String SCHEDULE = "schedule";
    static final int BATCH = 200;
    /** A lease not renewed for this long belongs to a run that died. */
    static final Duration LEASE_STALE = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = LoggerFactory.getLogger(DirectorySync.class);

    private final Storage storage;
    private final String realm;
    private final SecretOpener secrets;
    private final Clock clock;
    private volatile boolean stopping;

    /** @param realm the SIP realm, for the digest hashes of new extensions */
    public DirectorySync(Storage storage, String realm, SecretOpener secrets, Clock clock) {
        this.storage = storage;
        this.realm = realm;
        this.secrets = secrets;
        this.clock = clock;
    }

    /**
     * Asks a run in progress to stop after the batch it is making (for a shutdown), and refuses
     * new runs. What it did is recorded as a failed run; the next run does the rest.
     */
    public void stop() {
        stopping = true;
    }

    /**
     * @param trigger {@value #SCHEDULE} or the CLI actor
     * @param dryRun  plan only: nothing is changed, stored or audited
     * @param force   make the changes even when the mass-disable guard would stop them
     * @throws IllegalStateException when the directory is not configured, or another sync is running
     * @throws IllegalArgumentException when the stored settings are not usable (names the field)
     */
    public SyncReport run(String trigger, boolean dryRun, boolean force) {
        if (stopping) {
            throw new IllegalStateException("directory: shutting down");
        }
        DirectorySetup setup = DirectorySetup.load(storage).orElseThrow(
                () -> new IllegalStateException("directory: not configured; run `palisade directory configure` first"));
        String owner = trigger + "/" + UUID.randomUUID();
        if (!dryRun && !storage.inTransaction(tx -> tx.directory().tryLease(owner, clock.millis(), clock.millis() - LEASE_STALE.toMillis()))) {
            String holder = storage.inTransaction(tx -> tx.directory().leaseHolder()).orElse("another run");
            throw new IllegalStateException("directory: a sync is running already (" + holder + ")");
        }
        try {
            return runLeased(setup, trigger, owner, dryRun, force);
        } finally {
            if (!dryRun) {
                storage.inTransaction(tx -> {
                    tx.directory().releaseLease(owner);
                    return null;
                });
            }
        }
    }

    private SyncReport runLeased(DirectorySetup setup, String trigger, String owner, boolean dryRun, boolean force) {
        long started = clock.millis();
        DirectoryPeople.Snapshot snapshot;
        Map<String, Set<String>> members;
        // the connector refuses an unencrypted bind before anything is sent; the secret may not open (secrets.key)
        try (LDAPConnection c = setup.connector(secrets).openServiceConnection()) {
            snapshot = setup.people().readAll(c);
            members = setup.membership().members(c, setup.mappings().groups(), snapshot.people());
        } catch (RuntimeException e) {
            LOG.warn("directory sync failed, nothing changed: {}", e.getMessage());
            DirectorySyncStatus failed = new DirectorySyncStatus(started, clock.millis(), DirectorySyncStatus.Result.FAILED, trigger, force,
                    0, 0, 0, 0, 0, 0, 0, e.getMessage());
            return finish(new SyncReport(dryRun, failed, null, 0, List.of()));
        }
        Function<Person, String> profileOf = p -> {
            Set<String> groups = new java.util.HashSet<>();
            members.forEach((g, in) -> {
                if (in.contains(p.normalizedDn())) {
                    groups.add(g);
                }
            });
            return setup.mappings().profileFor(groups);
        };
        record Current(List<DirectoryLink> links, Map<String, Extension> extensions) {
        }
        Current current = storage.inTransaction(tx -> {
            Map<String, Extension> byNumber = new HashMap<>();
            tx.extensions().list().forEach(e -> byNumber.put(e.number(), e));
            return new Current(tx.directory().links(), byNumber);
        });
        SyncPlan plan = SyncPlanner.plan(snapshot.people(), profileOf, current.links(), current.extensions(),
                setup.settings().maxDisablePercent());
        if (dryRun || plan.guardTripped() && !force) {
            DirectorySyncStatus.Result result = plan.guardTripped() && !force ? DirectorySyncStatus.Result.GUARDED : DirectorySyncStatus.Result.OK;
            DirectorySyncStatus s = status(plan, started, result, trigger, force, 0, result == DirectorySyncStatus.Result.GUARDED
                    ? plan.guardMessage() : null, dryRun);
            return finish(new SyncReport(dryRun, s, plan, snapshot.pages(), List.of()));
        }
        List<SyncPlan.Problem> failures = apply(plan, owner);
        String error = failures.isEmpty() ? null : failures.size() + " change(s) failed: " + failures.get(0).describe()
                + (failures.size() > 1 ? " ..." : "");
        DirectorySyncStatus s = status(plan, started, failures.isEmpty() ? DirectorySyncStatus.Result.OK : DirectorySyncStatus.Result.FAILED,
                trigger, force, failures.size(), error, false);
        return finish(new SyncReport(false, s, plan, snapshot.pages(), failures));
    }

    private DirectorySyncStatus status(SyncPlan plan, long started, DirectorySyncStatus.Result result, String trigger, boolean force,
                                       int failed, String error, boolean dryRun) {
        boolean applied = dryRun || result == DirectorySyncStatus.Result.OK || result == DirectorySyncStatus.Result.FAILED;
        return new DirectorySyncStatus(started, clock.millis(), result, trigger, force, plan.people(),
                applied ? (int) plan.count(PlannedChange.Action.CREATE) : 0,
                applied ? (int) plan.count(PlannedChange.Action.UPDATE) : 0,
                applied ? (int) plan.count(PlannedChange.Action.DISABLE) : 0,
                applied ? (int) plan.count(PlannedChange.Action.ENABLE) : 0,
                plan.unchanged(), plan.problems().size() + failed, error);
    }

    /** Stores and audits the status, except for a dry run. */
    private SyncReport finish(SyncReport report) {
        if (!report.dryRun()) {
            DirectorySyncStatus s = report.status();
            storage.inTransaction(tx -> {
                tx.directory().saveStatus(s);
                tx.audit().append(new AuditEvent(AuditType.DIRECTORY_SYNC, ACTOR, "directory", null, s.describe()), s.finishedAtMillis());
                return null;
            });
            LOG.info("directory sync {}: {} people, {} created, {} updated, {} disabled, {} enabled, {} unchanged, {} problems{}",
                    s.result().label(), s.people(), s.created(), s.updated(), s.disabled(), s.enabled(), s.unchanged(), s.problems(),
                    s.error() == null ? "" : " (" + s.error() + ")");
        }
        return report;
    }

    /** @return the changes that failed */
    private List<SyncPlan.Problem> apply(SyncPlan plan, String owner) {
        List<SyncPlan.Problem> failures = new ArrayList<>();
        List<PlannedChange> changes = plan.changes();
        for (int from = 0; from < changes.size(); from += BATCH) {
            if (stopping) {
                failures.add(new SyncPlan.Problem(null, null, "stopped (shutdown) after " + from + " of " + changes.size()
                        + " changes; the next run makes the rest"));
                break;
            }
            List<PlannedChange> batch = changes.subList(from, Math.min(changes.size(), from + BATCH));
            try {
                storage.inTransaction(tx -> {
                    batch.forEach(c -> apply(tx, c));
                    return null;
                });
            } catch (RuntimeException batchFailed) {
                for (PlannedChange c : batch) {
                    try {
                        storage.inTransaction(tx -> {
                            apply(tx, c);
                            return null;
                        });
                    } catch (RuntimeException e) {
                        LOG.warn("directory sync: {} failed: {}", c.describe(), e.getMessage());
                        failures.add(new SyncPlan.Problem(c.login(), null, c.action().label() + " " + c.extension() + " failed: " + e.getMessage()));
                    }
                }
            }
            storage.inTransaction(tx -> tx.directory().tryLease(owner, clock.millis(), clock.millis() - LEASE_STALE.toMillis()));
        }
        storage.inTransaction(tx -> {
            plan.linkUpkeep().forEach(l -> tx.directory().saveLink(l));
            plan.staleLinks().forEach(n -> tx.directory().deleteLink(n));
            return null;
        });
        return failures;
    }

    private void apply(Transaction tx, PlannedChange c) {
        Administration admin = new Administration(within(tx), realm, clock);
        String n = c.extension();
        switch (c.action()) {
            case CREATE -> {
                char[] password = randomPassword();
                try {
                    if (c.takeover()) {
                        admin.updateExtension(ACTOR, n, new ExtensionChange(c.name(), c.department() == null ? "" : c.department(), c.profile(),
                                password, true));
                    } else {
                        admin.addExtension(ACTOR, n, c.name(), c.department(), c.profile(), password);
                    }
                } finally {
                    Arrays.fill(password, '\0');
                }
            }
            case UPDATE, ENABLE -> {
                Map<String, PlannedChange.Field> f = c.fields();
                String department = f.containsKey("department") ? (c.department() == null ? "" : c.department()) : null;
                admin.updateExtension(ACTOR, n, new ExtensionChange(f.containsKey("name") ? c.name() : null, department,
                        f.containsKey("profile") ? c.profile() : null, null, c.action() == PlannedChange.Action.ENABLE ? Boolean.TRUE : null));
            }
            case DISABLE -> admin.updateExtension(ACTOR, n, new ExtensionChange(null, null, null, null, false));
        }
        tx.directory().saveLink(c.link());
    }

    /**
     * A SIP password nobody knows (32 characters, 192 bits): a directory user gets a phone onto
     * the system by setting a device password through self-service. Only its HA1 hashes are stored.
     */
    static char[] randomPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        char[] out = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
        Arrays.fill(bytes, (byte) 0);
        return out;
    }

    /** Administration's changes inside {@code tx}, so the link row commits with them. */
    private static Storage within(Transaction tx) {
        return new Storage() {
            @Override
            public <T> T inTransaction(Function<Transaction, T> work) {
                return work.apply(tx);
            }
        };
    }
}
