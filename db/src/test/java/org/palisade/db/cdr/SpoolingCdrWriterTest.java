package org.palisade.db.cdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.call.Disposition;
import org.palisade.core.call.Party;
import org.palisade.core.cdr.CallRecord;
import org.palisade.core.cdr.CdrAssembler;
import org.palisade.core.cdr.CdrQuery;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;

/** The spool against real databases, a real file system, and (in one test) a real SIGKILL. */
class SpoolingCdrWriterTest {

    private static SpoolSettings fast(Path dir) {
        return new SpoolSettings(dir, 50, 10, 200, 30_000);
    }

    private static Path journal(Path dir) {
        return dir.resolve(Journal.FILE);
    }

    private static long rows(TestDatabase db) {
        return Long.parseLong(db.queryString("SELECT COUNT(*) FROM cdr"));
    }

    private static Set<String> callIds(TestDatabase db) {
        List<String> ids = new ArrayList<>();
        db.database().inTransaction(tx -> tx.cdrs().export(new CdrQuery(null, null, null, 0), r -> ids.add(r.callId())));
        Set<String> unique = new HashSet<>(ids);
        assertThat(unique).as("no call id twice").hasSameSizeAs(ids);
        return unique;
    }

    private static CallRecord stored(TestDatabase db, String callId) {
        List<CallRecord> found = new ArrayList<>();
        db.database().inTransaction(tx -> tx.cdrs().export(new CdrQuery(null, null, null, 0), r -> {
            if (r.callId().equals(callId)) {
                found.add(r);
            }
        }));
        assertThat(found).as(callId).hasSize(1);
        return found.get(0);
    }

    private static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(10);
        }
    }

    private static String renameAway(TestDb kind) {
        return kind == TestDb.MARIADB ? "RENAME TABLE cdr TO cdr_away" : "ALTER TABLE cdr RENAME TO cdr_away";
    }

    private static String renameBack(TestDb kind) {
        return kind == TestDb.MARIADB ? "RENAME TABLE cdr_away TO cdr" : "ALTER TABLE cdr_away RENAME TO cdr";
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void callsFromTheAssemblerReachTheTableAndTheJournalEndsEmpty(TestDb kind, @TempDir Path spool) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            SpoolingCdrWriter writer = new SpoolingCdrWriter(db.database(), fast(spool));
            CdrAssembler assembler = new CdrAssembler(writer);
            for (int i = 0; i < 120; i++) {
                String id = "call-" + i;
                assembler.started(TestCalls.started(id, TestCalls.T0 + i));
                if (i % 3 == 0) {
                    assembler.failed(id, TestCalls.T0 + i + 5_000, 486, Disposition.BUSY);
                } else {
                    assembler.answered(id, TestCalls.T0 + i + 1_000);
                    assembler.ended(id, TestCalls.T0 + i + 61_500, Party.CALLEE, "BYE");
                }
            }
            await("all in the database", 20_000, () -> writer.insertedRecords() == 120);
            writer.close();

            assertThat(callIds(db)).hasSize(120);
            CallRecord answered = stored(db, "call-1");
            assertThat(answered.billsec()).isEqualTo(61);
            assertThat(answered.durationSeconds()).isEqualTo(62);
            assertThat(answered.hungUpBy()).isEqualTo(Party.CALLEE);
            assertThat(stored(db, "call-3").disposition()).isEqualTo(Disposition.BUSY);
            assertThat(Files.size(journal(spool))).as("journal truncated once everything is in").isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void theTableGoingAwayMidLoadLosesNothingAndDuplicatesNothing(TestDb kind, @TempDir Path spool) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            SpoolingCdrWriter writer = new SpoolingCdrWriter(db.database(), fast(spool));
            for (int i = 0; i < 100; i++) {
                writer.accept(TestCalls.answered("away-" + i, i));
            }
            await("first 100 in", 20_000, () -> writer.insertedRecords() == 100);

            db.execute(renameAway(kind));
            for (int i = 100; i < 500; i++) {
                writer.accept(TestCalls.answered("away-" + i, i));
                if (i % 50 == 0) {
                    Thread.sleep(20);
                }
            }
            await("all synced to the journal", 20_000, () -> writer.syncedEvents() == 500);
            await("the backlog held while the table is away", 20_000, () -> writer.pendingRecords() == 400);
            Thread.sleep(500); // several failed attempts
            assertThat(writer.pendingRecords()).isEqualTo(400);
            assertThat(db.queryString("SELECT COUNT(*) FROM cdr_away")).isEqualTo("100");
            assertThat(Files.readAllLines(journal(spool))).hasSizeGreaterThanOrEqualTo(400);

            db.execute(renameBack(kind));
            await("the backlog inserted", 30_000, () -> writer.pendingRecords() == 0 && writer.insertedRecords() == 500);
            writer.close();

            Set<String> ids = callIds(db);
            assertThat(ids).hasSize(500);
            for (int i = 0; i < 500; i++) {
                assertThat(ids).contains("away-" + i);
            }
            assertThat(Files.size(journal(spool))).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void anAbandonedWriterIsReplayedExactlyOnceAndItsOpenCallsAreInterrupted(TestDb kind, @TempDir Path spool) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            db.execute(renameAway(kind)); // nothing gets in: everything stays in the journal
            SpoolingCdrWriter first = new SpoolingCdrWriter(db.database(), fast(spool));
            long started = System.currentTimeMillis();
            for (int i = 0; i < 3; i++) {
                first.opened(TestCalls.started("open-" + i, started));
            }
            List<CallRecord> records = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                records.add(TestCalls.answered("crash-" + i, i));
                first.accept(records.get(i));
            }
            await("all synced", 20_000, () -> first.syncedEvents() == 303);
            first.halt(); // as if killed: no flush, no truncation

            db.execute(renameBack(kind));
            // a crash between a commit and the truncation that follows it leaves records in both places
            db.database().inTransaction(tx -> tx.cdrs().insertIgnoringDuplicates(records.subList(0, 100)));

            SpoolingCdrWriter second = new SpoolingCdrWriter(db.database(), fast(spool));
            await("the replay inserted", 20_000, () -> second.pendingRecords() == 0 && second.insertedRecords() == 203);
            second.close();
            long reopened = System.currentTimeMillis();

            Set<String> ids = callIds(db);
            assertThat(ids).hasSize(303);
            assertThat(stored(db, "crash-7")).isEqualTo(records.get(7));
            for (int i = 0; i < 3; i++) {
                CallRecord r = stored(db, "open-" + i);
                assertThat(r.disposition()).isEqualTo(Disposition.FAILED);
                assertThat(r.hangupReason()).isEqualTo(CallRecord.INTERRUPTED);
                assertThat(r.billsec()).isZero();
                assertThat(r.answerMillis()).isNull();
                assertThat(r.endMillis()).isBetween(started, reopened);
            }
            assertThat(Files.size(journal(spool))).isZero();
        }
    }

    @Test
    void aTornLastLineIsSkippedAndLaterAppendsStayReadable(@TempDir Path spool) throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDb.H2)) {
            JournalCodec codec = new JournalCodec();
            Files.createDirectories(spool);
            byte[] good = codec.encode(TestCalls.answered("before-crash", 1));
            byte[] open = codec.encode(TestCalls.started("open-at-crash", TestCalls.T0));
            byte[] torn = java.util.Arrays.copyOf(codec.encode(TestCalls.answered("torn", 2)), 40);
            Files.write(journal(spool), concat(good, open, torn));

            SpoolingCdrWriter second = new SpoolingCdrWriter(db.database(), fast(spool));
            second.accept(TestCalls.answered("after-restart", 3));
            await("synced", 10_000, () -> second.syncedEvents() == 1);
            second.halt();
            // the third writer must read the line the second appended, whole
            SpoolingCdrWriter third = new SpoolingCdrWriter(db.database(), fast(spool));
            third.close();

            assertThat(callIds(db)).containsExactlyInAnyOrder("before-crash", "open-at-crash", "after-restart");
            assertThat(stored(db, "open-at-crash").hangupReason()).isEqualTo(CallRecord.INTERRUPTED);
        }
    }

    @Test
    void aSecondWriterOnTheSameSpoolIsRefused(@TempDir Path spool) {
        try (TestDatabase db = TestDatabase.create(TestDb.H2)) {
            SpoolingCdrWriter first = new SpoolingCdrWriter(db.database(), fast(spool));
            try {
                assertThatThrownBy(() -> new SpoolingCdrWriter(db.database(), fast(spool)))
                        .hasMessageContaining("cdr.spool-dir").hasMessageContaining("in use");
            } finally {
                first.close();
            }
        }
    }

    /**
     * The real thing: a separate JVM writing as fast as it can is killed with SIGKILL; every
     * record it reported as synced must be in the database after the next start, exactly once,
     * and its open calls closed as interrupted.
     */
    @ParameterizedTest
    @EnumSource(TestDb.class)
    void killNineLosesNoSyncedRecord(TestDb kind, @TempDir Path spool) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            int open = 5;
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", classpath, SpoolChild.class.getName(), db.settings().url(), db.settings().user(), spool.toString(),
                    Integer.toString(open))
                    .redirectErrorStream(true).start();
            long lastSynced = 0;
            List<String> output = new ArrayList<>();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("synced ")) {
                        lastSynced = Long.parseLong(line.substring(7));
                        if (lastSynced >= open + 3_000) {
                            child.destroyForcibly(); // SIGKILL on Unix
                            break;
                        }
                    } else if (output.size() < 50) {
                        output.add(line);
                    }
                }
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(lastSynced).as("child output: %s", output).isGreaterThanOrEqualTo(open + 3_000);

            SpoolingCdrWriter restarted = new SpoolingCdrWriter(db.database(), fast(spool));
            await("replayed", 30_000, () -> restarted.pendingRecords() == 0);
            restarted.close();

            Set<String> ids = callIds(db);
            long syncedRecords = lastSynced - open;
            for (int i = 0; i < syncedRecords; i++) {
                assertThat(ids).contains("k9-" + i);
            }
            for (int i = 0; i < open; i++) {
                assertThat(stored(db, "open-" + i).hangupReason()).isEqualTo(CallRecord.INTERRUPTED);
            }
            assertThat(rows(db)).isEqualTo(ids.size());
        }
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
