package org.palisade.db.cdr;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.palisade.core.call.CallStarted;
import org.palisade.core.cdr.CallRecord;
import org.palisade.core.cdr.CdrSink;
import org.palisade.core.storage.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes call records to the database without losing any, whatever the database does.
 *
 * <p>Three stages, each on its own thread, so that no stage waits for the next:
 * <ol>
 *   <li>SIP threads: {@link #opened}/{@link #accept} put the event on a lock-free queue and return.</li>
 *   <li>journal thread (write-ahead): takes whatever has queued up, appends it to the journal as
 *       JSON lines and syncs once for the lot (group commit), at the latest every
 *       {@code flushMillis}, sooner when {@code batchSize} events are waiting. A slow database
 *       never delays this.</li>
 *   <li>database thread: inserts the synced records, {@code batchSize} per transaction, ignoring
 *       call ids already stored. On failure it keeps them and retries with backoff.</li>
 * </ol>
 * When the database holds everything the journal holds, the journal thread truncates the
 * journal to the markers of the calls still open.
 *
 * <p>On start, the journal left by the previous process is replayed: its records are inserted
 * (duplicates skipped), and calls it saw start but never end are closed as
 * {@link CallRecord#INTERRUPTED}, ended at the journal's last modification time: the last moment
 * the old process is known to have been alive (it touches the journal every second while calls
 * are open), so the duration is never overstated. Their answer was not journaled, so billsec is 0.
 *
 * <p>What is guaranteed: an event survives a crash of the process or the machine once it is
 * synced ({@link #syncedEvents()}), which happens within {@code flushMillis} of being accepted.
 */
public final class SpoolingCdrWriter implements CdrSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SpoolingCdrWriter.class);
    private static final long HEARTBEAT_MILLIS = 1_000;
    private static final long FIRST_RETRY_MILLIS = 100;
    /** Rewriting the open markers costs one line per open call; doing it only once this many times as many lines have accumulated keeps its cost per call constant. */
    private static final int COMPACT_FACTOR = 4;

    private final Storage storage;
    private final SpoolSettings settings;
    private final JournalCodec codec = new JournalCodec();
    private final Journal journal;

    // stage 1 -> 2
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    // stage 2 -> 3
    private final LinkedBlockingQueue<Handoff> handoffs = new LinkedBlockingQueue<>();

    private final Thread journalThread;
    private final Thread databaseThread;
    private volatile boolean closing;
    private volatile boolean halted;
    private volatile boolean journalDone;
    private volatile long closeDeadline = Long.MAX_VALUE;

    private final AtomicLong syncedEvents = new AtomicLong();
    private final AtomicLong insertedRecords = new AtomicLong();
    private volatile int pendingRecords;
    /** Sequence of the last journal line known to be in the database (or to need nothing there). */
    private volatile long dbThrough;

    // journal thread only
    private final Map<String, byte[]> openMarkers = new LinkedHashMap<>();
    private long appendedSeq;
    private long linesInJournal;
    private long lastWriteMillis;

    private record Handoff(List<CallRecord> records, long lastSeq) {
    }

    /** Replays what a previous process left in the spool directory, then starts the two threads. */
    public SpoolingCdrWriter(Storage storage, SpoolSettings settings) {
        this.storage = storage;
        this.settings = settings;
        try {
            this.journal = new Journal(settings.dir());
        } catch (IOException e) {
            throw new IllegalStateException("cdr.spool-dir: cannot open " + settings.dir() + ": " + e.getMessage(), e);
        }
        try {
            replay();
        } catch (IOException | RuntimeException e) {
            journal.close();
            throw new IllegalStateException("cdr.spool-dir: cannot replay the journal in " + settings.dir() + ": " + e.getMessage(), e);
        }
        journalThread = new Thread(this::journalLoop, "cdr-journal");
        databaseThread = new Thread(this::databaseLoop, "cdr-database");
        journalThread.setDaemon(true);
        databaseThread.setDaemon(true);
        journalThread.start();
        databaseThread.start();
    }

    @Override
    public void opened(CallStarted call) {
        enqueue(call);
    }

    @Override
    public void accept(CallRecord record) {
        enqueue(record);
    }

    /** The SIP threads' whole share of the work: one lock-free offer, and a wake-up once per batch. */
    private void enqueue(Object event) {
        if (closing) {
            log.error("CDR writer is closed; event not written: {}", event);
            return;
        }
        queue.offer(event);
        if (queued.incrementAndGet() == settings.batchSize()) {
            LockSupport.unpark(journalThread);
        }
    }

    /** Events accepted by this writer and synced to the journal so far, in acceptance order. */
    public long syncedEvents() {
        return syncedEvents.get();
    }

    /** Records this writer has inserted (duplicates skipped do not count). */
    public long insertedRecords() {
        return insertedRecords.get();
    }

    /** Records synced but not yet in the database: above zero for long means the database is unreachable. */
    public int pendingRecords() {
        return pendingRecords;
    }

    /**
     * Syncs everything accepted so far, then keeps trying the database for up to
     * {@code closeWaitMillis}; records it cannot take stay in the journal for the next start.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closeDeadline = System.currentTimeMillis() + settings.closeWaitMillis();
        closing = true;
        LockSupport.unpark(journalThread);
        try {
            journalThread.join();
            databaseThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (dbThrough == appendedSeq && !halted) {
                compact();
            } else if (pendingRecords > 0) {
                log.warn("CDR writer closed with {} records not yet in the database; they stay in {} for the next start",
                        pendingRecords, settings.dir());
            }
        } catch (IOException e) {
            log.warn("CDR journal not truncated on close: {}", e.toString());
        } finally {
            journal.close();
        }
    }

    /**
     * Stops dead, as a crash would: nothing more is synced or inserted, the journal is left as it
     * is, and the spool lock is released. For tests that need a crash inside one JVM.
     */
    void halt() {
        halted = true;
        closing = true;
        journalThread.interrupt();
        databaseThread.interrupt();
        try {
            journalThread.join(5_000);
            databaseThread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        journal.close();
    }

    // ---- start

    private void replay() throws IOException {
        List<String> lines = journal.lines();
        long crashedAt = journal.lastModifiedMillis();
        List<CallRecord> records = new ArrayList<>();
        Map<String, CallStarted> open = new LinkedHashMap<>();
        int bad = 0;
        for (int i = 0; i < lines.size(); i++) {
            Object event;
            try {
                event = codec.decode(lines.get(i));
            } catch (IOException e) {
                // Only the last line can be torn by a crash, and it was never reported as synced.
                if (i == lines.size() - 1) {
                    log.info("CDR journal: skipping a torn last line (the crash interrupted its write)");
                } else {
                    log.error("CDR journal: line {} is unreadable and skipped: {}", i + 1, e.getMessage());
                }
                bad++;
                continue;
            }
            if (event instanceof CallRecord r) {
                open.remove(r.callId());
                records.add(r);
            } else {
                CallStarted s = (CallStarted) event;
                open.put(s.callId(), s);
            }
        }
        for (CallStarted s : open.values()) {
            records.add(CallRecord.interrupted(s.callId(), s.caller(), s.callee(), s.direction(), s.startMillis(), crashedAt));
        }
        if (!lines.isEmpty()) {
            // Rewritten rather than appended to: a torn last line has no newline, and the next
            // append would glue a good line onto it. The interrupted records replace their markers.
            List<byte[]> clean = new ArrayList<>(records.size());
            for (CallRecord r : records) {
                clean.add(codec.encode(r));
            }
            journal.rewrite(clean);
        }
        appendedSeq = records.size();
        linesInJournal = appendedSeq;
        if (!records.isEmpty() || bad > 0) {
            log.info("CDR journal replayed: {} records to (re)insert, of which {} calls open at the crash closed as INTERRUPTED",
                    records.size(), open.size());
        }
        pendingRecords = records.size();
        handoffs.add(new Handoff(records, appendedSeq));
        lastWriteMillis = System.currentTimeMillis();
    }

    // ---- stage 2: journal thread

    private void journalLoop() {
        try {
            runJournal();
        } catch (RuntimeException | Error e) {
            log.error("CDR journal thread died; events from now on are not written", e);
        } finally {
            journalDone = true;
        }
    }

    private void runJournal() {
        List<Object> events = new ArrayList<>();
        List<byte[]> lines = new ArrayList<>();
        while (!halted) {
            boolean stopping = closing;
            drain(events);
            if (!events.isEmpty()) {
                writeAhead(events, lines);
            }
            maybeCompact();
            heartbeat();
            if (stopping && queue.isEmpty()) {
                break;
            }
            if (queued.get() < settings.batchSize()) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(settings.flushMillis()));
            }
        }
    }

    private void drain(List<Object> events) {
        events.clear();
        // bounded, so one write stays a reasonable size even after a long stall
        for (Object e; events.size() < 50_000 && (e = queue.poll()) != null; ) {
            events.add(e);
        }
        queued.addAndGet(-events.size());
    }

    private void writeAhead(List<Object> events, List<byte[]> lines) {
        lines.clear();
        List<CallRecord> records = new ArrayList<>();
        for (Object e : events) {
            byte[] line = codec.encode(e);
            lines.add(line);
            if (e instanceof CallRecord r) {
                records.add(r);
                openMarkers.remove(r.callId());
            } else {
                openMarkers.put(((CallStarted) e).callId(), line);
            }
        }
        try {
            journal.append(lines);
            syncedEvents.addAndGet(events.size());
        } catch (IOException e) {
            if (halted) {
                return;
            }
            // Disk full or gone: the records still go to the database; only the crash guarantee is lost meanwhile.
            log.error("CDR journal write failed, {} events are in memory only until the database takes them: {}",
                    events.size(), e.toString());
        }
        appendedSeq += events.size();
        linesInJournal += events.size();
        lastWriteMillis = System.currentTimeMillis();
        handoffs.add(new Handoff(records, appendedSeq));
    }

    private void maybeCompact() {
        if (linesInJournal > 0 && dbThrough == appendedSeq
                && linesInJournal >= (long) COMPACT_FACTOR * openMarkers.size()) {
            try {
                compact();
            } catch (IOException e) {
                log.warn("CDR journal truncation failed, will retry: {}", e.toString());
            }
        }
    }

    private void compact() throws IOException {
        journal.rewrite(openMarkers.values());
        linesInJournal = openMarkers.size();
        lastWriteMillis = System.currentTimeMillis();
    }

    /** Keeps the journal's modification time within a second of now while calls are open, see the class comment. */
    private void heartbeat() {
        long now = System.currentTimeMillis();
        if (!openMarkers.isEmpty() && now - lastWriteMillis >= HEARTBEAT_MILLIS) {
            try {
                journal.touch(now);
            } catch (IOException e) {
                log.debug("CDR journal heartbeat: {}", e.toString());
            }
            lastWriteMillis = now;
        }
    }

    // ---- stage 3: database thread

    private void databaseLoop() {
        ArrayDeque<CallRecord> pending = new ArrayDeque<>();
        long handedThrough = 0;
        long retryDelay = FIRST_RETRY_MILLIS;
        long nextAttempt = 0;
        boolean failing = false;
        try {
            while (!halted) {
                long now = System.currentTimeMillis();
                long wait = pending.isEmpty() ? settings.flushMillis() : Math.max(0, nextAttempt - now);
                Handoff h = handoffs.poll(Math.min(wait, settings.flushMillis()), TimeUnit.MILLISECONDS);
                for (; h != null; h = handoffs.poll()) {
                    pending.addAll(h.records());
                    handedThrough = h.lastSeq();
                }
                pendingRecords = pending.size();
                now = System.currentTimeMillis();
                if (!pending.isEmpty() && now >= nextAttempt) {
                    try {
                        insertAll(pending);
                        if (failing) {
                            log.info("CDR database writes work again; the backlog is in");
                            failing = false;
                        }
                        retryDelay = FIRST_RETRY_MILLIS;
                    } catch (RuntimeException | LinkageError e) {
                        // LinkageError too: a jar replaced under a running node must cost a retry, not this thread
                        if (halted) {
                            return;
                        }
                        if (!failing) {
                            log.warn("CDR insert failed, {} records kept in the spool and retried: {}", pending.size(), rootMessage(e));
                            failing = true;
                        } else {
                            log.debug("CDR insert still failing: {}", rootMessage(e));
                        }
                        nextAttempt = now + retryDelay;
                        retryDelay = Math.min(retryDelay * 2, settings.maxRetryMillis());
                    }
                    pendingRecords = pending.size();
                }
                if (pending.isEmpty()) {
                    dbThrough = handedThrough;
                }
                if (journalDone && handoffs.isEmpty() && (pending.isEmpty() || System.currentTimeMillis() > closeDeadline)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // halt()
        } catch (RuntimeException | Error e) {
            log.error("CDR database thread died; records stay in the journal until the next start", e);
            throw e;
        }
    }

    private void insertAll(ArrayDeque<CallRecord> pending) {
        List<CallRecord> chunk = new ArrayList<>(Math.min(pending.size(), settings.batchSize()));
        while (!pending.isEmpty() && !halted) {
            chunk.clear();
            var it = pending.iterator();
            while (it.hasNext() && chunk.size() < settings.batchSize()) {
                chunk.add(it.next());
            }
            int added = storage.inTransaction(tx -> tx.cdrs().insertIgnoringDuplicates(chunk));
            insertedRecords.addAndGet(added);
            for (int i = 0; i < chunk.size(); i++) {
                pending.poll();
            }
        }
    }

    private static String rootMessage(Throwable t) {
        String msg = t.toString();
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            msg = t.toString();
        }
        return msg;
    }
}
