package org.palisade.registrar;

import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.palisade.core.audit.AuditEvent;
import org.palisade.core.audit.AuditLog;
import org.palisade.core.audit.AuditType;
import org.palisade.registrar.auth.NonceManager;
import org.palisade.registrar.location.LocationRegistrar;
import org.palisade.core.auth.LockoutTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registrar's clock-driven work on one background thread: bindings expire on time, ended
 * lock-outs are audited when they end (not when the next attempt comes), nonces are forgotten.
 */
public final class Housekeeping implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

    private final LocationRegistrar registrar;
    private final LockoutTracker lockout;
    private final NonceManager nonces;
    private final AuditLog audit;
    private final RegistrarSettings settings;
    private ScheduledExecutorService timer;

    public Housekeeping(LocationRegistrar registrar, LockoutTracker lockout, NonceManager nonces, AuditLog audit,
                        RegistrarSettings settings) {
        this.registrar = registrar;
        this.lockout = lockout;
        this.nonces = nonces;
        this.audit = audit;
        this.settings = settings;
    }

    public void start() {
        registrar.resync();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "registrar-housekeeping");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(guarded(this::tick), 1, 1, TimeUnit.SECONDS);
        long resync = settings.resyncInterval().toMillis();
        timer.scheduleWithFixedDelay(guarded(registrar::resync), resync, resync, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(guarded(nonces::purge), 60, 60, TimeUnit.SECONDS);
    }

    void tick() {
        registrar.expire();
        for (LockoutTracker.Released r : lockout.releaseExpired()) {
            audit.record(new AuditEvent(AuditType.UNLOCKED, "system", r.key(), null,
                    Map.of("lockedAt", java.time.Instant.ofEpochMilli(r.lockedAtMillis()).toString())));
        }
    }

    /** A failing database must not kill the timer: the next tick tries again. */
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("registrar housekeeping failed, will retry: {}", e.toString());
            }
        };
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
