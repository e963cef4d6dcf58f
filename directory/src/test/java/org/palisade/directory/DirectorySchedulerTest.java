package org.palisade.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.palisade.core.admin.Administration;
import org.palisade.core.directory.DirectorySyncStatus;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.directory.testing.TestAd;
import org.palisade.directory.testing.TestSecrets;

/** The scheduled sync: nothing while unconfigured, a run when due, settings read every time. */
class DirectorySchedulerTest {

    private static final TestSecrets SECRETS = new TestSecrets();

    @Test
    void runsWhenDueAndPicksUpANewConfigurationWithoutRestart() throws Exception {
        try (TestAd ad = TestAd.start(null); TestDatabase db = TestDatabase.create(TestDb.H2)) {
            Clock clock = Clock.systemUTC();
            Administration admin = new Administration(db.database(), "r", clock);
            DirectoryAdministration directory = new DirectoryAdministration(db.database(), SECRETS, clock);
            ad.person("sched1", "Scheduled One").ipPhone("501").add();
            try (DirectoryScheduler scheduler = new DirectoryScheduler(db.database(), new DirectorySync(db.database(), "r", SECRETS, clock),
                    clock, Duration.ofMillis(100))) {
                scheduler.start();
                Thread.sleep(400);
                assertThat(scheduler.configured()).isFalse();
                assertThat(scheduler.lastStatus()).isEmpty();
                assertThat(admin.extensions()).isEmpty();

                // configured while running: the next look finds it, and the first run is due at once
                directory.configure("cli:t", new DirectoryAdministration.Configure(ad.url(), null, TestAd.SERVICE_DN,
                        TestAd.SERVICE_PASSWORD.toCharArray(), TestAd.BASE, null, null, null, null, "10s", null, null, null, null, null, null));
                await(() -> scheduler.lastStatus().isPresent());
                DirectorySyncStatus s = scheduler.lastStatus().orElseThrow();
                assertThat(s.result()).isEqualTo(DirectorySyncStatus.Result.OK);
                assertThat(s.trigger()).isEqualTo(DirectorySync.SCHEDULE);
                assertThat(s.created()).isEqualTo(1);
                assertThat(admin.extensions()).extracting(e -> e.number()).containsExactly("501");

                // not due again before 10 s; "off" stops it altogether
                ad.person("sched2", "Scheduled Two").ipPhone("502").add();
                Thread.sleep(500);
                assertThat(admin.extensions()).hasSize(1);
                directory.configure("cli:t", new DirectoryAdministration.Configure(null, null, null, null, null, null, null, null, null,
                        "off", null, null, null, null, null, null));
                Thread.sleep(300);
                assertThat(admin.extensions()).hasSize(1);
                assertThat(scheduler.configured()).isTrue();
            }
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(50);
        }
    }
}
