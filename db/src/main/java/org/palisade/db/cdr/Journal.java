package org.palisade.db.cdr;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only file under the spool directory. Only the writer's journal thread touches it
 * after opening. A lock file keeps a second process (another node given the same directory)
 * out: two writers would truncate each other's records.
 */
final class Journal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Journal.class);
    static final String FILE = "cdr-journal.jsonl";

    private final Path dir;
    private final Path file;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private FileChannel channel;

    Journal(Path dir) throws IOException {
        this.dir = dir;
        this.file = dir.resolve(FILE);
        Files.createDirectories(dir);
        lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock taken;
        try {
            taken = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            taken = null;
        }
        if (taken == null) {
            lockChannel.close();
            throw new IllegalStateException("cdr.spool-dir: " + dir + " is in use by another CDR writer (another Palisade process?)");
        }
        lock = taken;
        channel = openForAppend();
    }

    /** The lines written before this process opened it; the last may be torn by a crash. */
    List<String> lines() throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    long lastModifiedMillis() throws IOException {
        return Files.getLastModifiedTime(file).toMillis();
    }

    /** Marks the journal as written now, without writing: a crashed node's last sign of life (see the writer). */
    void touch(long nowMillis) throws IOException {
        Files.setLastModifiedTime(file, FileTime.fromMillis(nowMillis));
    }

    /** Appends and syncs: when this returns, the lines survive a crash of the process and of the machine. */
    void append(Collection<byte[]> lines) throws IOException {
        if (channel == null) {
            channel = openForAppend();
        }
        ByteBuffer buf = join(lines);
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(false);
        } catch (IOException e) {
            closeChannel();
            throw e;
        }
    }

    /**
     * Replaces the whole journal with {@code lines}, atomically: a crash leaves either the old file
     * or the new one, never a half-written one.
     */
    void rewrite(Collection<byte[]> lines) throws IOException {
        Path tmp = dir.resolve(FILE + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = join(lines);
            while (buf.hasRemaining()) {
                out.write(buf);
            }
            out.force(true);
        }
        closeChannel();
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory();
        channel = openForAppend();
    }

    @Override
    public void close() {
        closeChannel();
        try {
            lock.release();
        } catch (IOException | RuntimeException e) {
            log.debug("releasing the spool lock: {}", e.toString());
        }
        try {
            lockChannel.close();
        } catch (IOException e) {
            log.debug("closing the spool lock file: {}", e.toString());
        }
    }

    private FileChannel openForAppend() throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("closing the journal: {}", e.toString());
            }
            channel = null;
        }
    }

    /** The rename itself is only durable once the directory is synced (Linux; elsewhere a no-op attempt). */
    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            log.debug("cannot sync directory {}: {}", dir, e.toString());
        }
    }

    private static ByteBuffer join(Collection<byte[]> lines) {
        int size = 0;
        for (byte[] l : lines) {
            size += l.length;
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        for (byte[] l : lines) {
            buf.put(l);
        }
        return buf.flip();
    }
}
