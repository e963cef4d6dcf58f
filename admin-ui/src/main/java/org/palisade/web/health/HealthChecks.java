package org.palisade.web.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Named checks behind {@code GET /health}: the web server registers "database", the server
 * module adds what only it knows (SIP transports, relay nodes, ...). A check answers ok or not,
 * with a short detail for the operator; one that throws, or takes longer than
 * {@value #TIMEOUT_SECONDS} s (a database that does not answer), counts as failing, so that
 * {@code /health} itself always answers promptly.
 */
public final class HealthChecks implements AutoCloseable {

    public static final int TIMEOUT_SECONDS = 3;

    /** One check's answer. */
    public record Status(boolean ok, String detail) {
        public static Status ok(String detail) {
            return new Status(true, detail);
        }

        public static Status failing(String detail) {
            return new Status(false, detail);
        }
    }

    @FunctionalInterface
    public interface Check {
        Status check() throws Exception;
    }

    /** Every check's status, by name, in the order registered. */
    public record Report(boolean ok, Map<String, Status> checks) {
    }

    private final Map<String, Check> checks = new LinkedHashMap<>();
    private final ExecutorService runner = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "palisade-health");
        t.setDaemon(true);
        return t;
    });

    /** @throws IllegalStateException when {@code name} is taken */
    public synchronized HealthChecks register(String name, Check check) {
        if (checks.putIfAbsent(name, check) != null) {
            throw new IllegalStateException("health check " + name + " is already registered");
        }
        return this;
    }

    /** Runs every check at once, each within the time limit. */
    public Report run() {
        Map<String, Check> now;
        synchronized (this) {
            now = new LinkedHashMap<>(checks);
        }
        Map<String, CompletableFuture<Status>> running = new LinkedHashMap<>();
        now.forEach((name, check) -> running.put(name, CompletableFuture.supplyAsync(() -> {
            try {
                return check.check();
            } catch (Exception e) {
                return Status.failing(e.toString());
            }
        }, runner)));
        Map<String, Status> results = new LinkedHashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        boolean ok = true;
        for (Map.Entry<String, CompletableFuture<Status>> e : running.entrySet()) {
            Status s;
            try {
                s = e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (s == null) {
                    s = Status.failing("no answer");
                }
            } catch (TimeoutException timeout) {
                e.getValue().cancel(true);
                s = Status.failing("no answer within " + TIMEOUT_SECONDS + " s");
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                s = Status.failing("interrupted");
            } catch (java.util.concurrent.ExecutionException failed) {
                s = Status.failing(failed.getCause().toString());
            }
            ok &= s.ok();
            results.put(e.getKey(), s);
        }
        return new Report(ok, results);
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
