package org.palisade.db.cdr;

import java.nio.file.Path;
import org.palisade.db.Database;
import org.palisade.db.DbSettings;

/**
 * Run as a separate JVM by {@link SpoolingCdrWriterTest} and killed with SIGKILL mid-stream.
 * Opens {@code open} calls that never end, then writes records k9-0, k9-1, ... as fast as the
 * writer takes them, printing "synced N" whenever the count of synced events grows.
 *
 * <p>args: db-url db-user spool-dir open-calls
 */
public final class SpoolChild {

    private SpoolChild() {
    }

    public static void main(String[] args) throws Exception {
        Database db = new Database(new DbSettings(args[0], args[1], ""));
        SpoolingCdrWriter writer = new SpoolingCdrWriter(db, new SpoolSettings(Path.of(args[2]), 100, 5, 200, 1_000));
        int open = Integer.parseInt(args[3]);
        for (int i = 0; i < open; i++) {
            writer.opened(TestCalls.started("open-" + i, System.currentTimeMillis()));
        }
        Thread reporter = new Thread(() -> {
            long last = -1;
            while (true) {
                long now = writer.syncedEvents();
                if (now != last) {
                    System.out.println("synced " + now);
                    System.out.flush();
                    last = now;
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        reporter.setDaemon(true);
        reporter.start();
        for (int i = 0; ; i++) {
            writer.accept(TestCalls.answered("k9-" + i, i));
            if (i % 20 == 0) {
                Thread.sleep(1); // about the pace of a busy node, and leaves the database thread room to insert
            }
        }
    }
}
