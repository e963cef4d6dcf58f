package org.palisade.directory;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.palisade.core.directory.DirectorySettings;
import org.palisade.core.directory.DirectorySyncStatus;
import org.palisade.core.storage.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled sync inside {@code serve}: one thread that looks at the stored settings every
 * {@code check} (a minute by default) and runs a sync when the last run, by any node or the CLI,
 * is older than the configured schedule. Settings are read each time, so {@code directory
 * configure} applies without a restart; with no directory configured, or {@code --schedule off},
 * it only looks.
 *
 * <p>{@link #lastStatus()} is the last run's status as this node last read it from the database:
 * cheap enough for the dashboard and /metrics.
 */
public final class DirectoryScheduler implements AutoCloseable {

    public static final Duration DEFAULT_CHECK = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryScheduler.class);

    private final Storage storage;
    private final DirectorySync sync;
    private final Clock clock;
    private final Duration check;
    private final ScheduledExecutorService thread;
    private volatile Optional<DirectorySyncStatus> last = Optional.empty();
    private volatile boolean configured;

    public DirectoryScheduler(Storage storage, DirectorySync sync, Clock clock) {
        this(storage, sync, clock, DEFAULT_CHECK);
    }

    /** @param check how often the settings and the last run are looked at */
    public DirectoryScheduler(Storage storage, DirectorySync sync, Clock clock, Duration check) {
        this.storage = storage;
        this.sync = sync;
        this.clock = clock;
        this.check = check;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "palisade-directory-sync");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        thread.scheduleWithFixedDelay(this::tick, 0, check.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The last run's status (empty before the first run, or before this node first looked). */
    public Optional<DirectorySyncStatus> lastStatus() {
        return last;
    }

    /** Whether a directory is configured, as last looked at. */
    public boolean configured() {
        return configured;
    }

    /** One look: runs a sync when one is due. Never throws (a scheduled task that throws stops). */
    void tick() {
        try {
            record Look(Optional<DirectorySettings> settings, Optional<DirectorySyncStatus> status) {
            }
            Look look = storage.inTransaction(tx -> new Look(tx.directory().settings(), tx.directory().status()));
            last = look.status();
            configured = look.settings().isPresent();
            if (look.settings().isEmpty() || !look.settings().get().scheduled()) {
                return;
            }
            long due = look.status().map(s -> s.startedAtMillis() + look.settings().get().schedule().toMillis()).orElse(0L);
            if (clock.millis() < due) {
                return;
            }
            SyncReport report = sync.run(DirectorySync.SCHEDULE, false, false);
            last = Optional.of(report.status());
        } catch (IllegalStateException e) {
            LOG.info("directory sync not run: {}", e.getMessage()); // e.g. another node's run holds the lease
        } catch (RuntimeException e) {
            LOG.warn("directory sync could not run: {}", e.getMessage(), e);
        }
    }

    /**
     * Lets a run in progress finish its current batch (no interrupt: an interrupted database write
     * can close an embedded H2 database), then stops the thread.
     */
    @Override
    public void close() {
        sync.stop();
        thread.shutdown();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
