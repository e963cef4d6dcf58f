package org.palisade.relay.engine;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.BitSet;

/**
 * The UDP ports a relay may use: pairs of an even RTP port and the odd RTCP port above it, taken
 * from a fixed range so firewalls can be opened for exactly that range.
 *
 * <p>Free pairs queue first-in first-out: a released pair goes to the back, so a port is reused
 * as late as possible and stray packets of an ended call rarely reach the next one. A pair the OS
 * refuses to bind (another program holds it) also goes to the back and is tried again later.
 * Thread-safe; only signalling and clean-up use it, never the packet path.
 */
public final class PortPool {

    /** Binds the sockets of one pair; an {@link IOException} means "try another pair". */
    @FunctionalInterface
    public interface PortBinder<T> {
        T bind(int rtpPort) throws IOException;
    }

    private final int first;
    private final int last;
    private final ArrayDeque<Integer> free = new ArrayDeque<>();
    private final BitSet inUse = new BitSet();

    /**
     * @param min lowest port the relay may use; an odd value starts the pairs one above
     * @param max highest port the relay may use; the last pair's RTCP port is at most this
     */
    public PortPool(int min, int max) {
        if (min < 1 || max > 65_535 || min > max) {
            throw new IllegalArgumentException("ports: " + min + "-" + max + " is not a range within 1-65535");
        }
        int start = min % 2 == 0 ? min : min + 1;
        if (start + 1 > max) {
            throw new IllegalArgumentException("ports: " + min + "-" + max + " holds no even RTP port with its RTCP port above it");
        }
        this.first = start;
        int end = start;
        for (int p = start; p + 1 <= max; p += 2) {
            free.add(p);
            end = p;
        }
        this.last = end;
    }

    /** Lowest RTP port of the pool. */
    public int firstPort() {
        return first;
    }

    /** Highest RTCP port of the pool. */
    public int lastPort() {
        return last + 1;
    }

    /** Pairs in the pool, free or not. */
    public int total() {
        return (last - first) / 2 + 1;
    }

    /** Pairs free now. */
    public synchronized int free() {
        return free.size();
    }

    /**
     * Takes free pairs in turn until {@code binder} succeeds with one.
     *
     * @throws RelayException "Ran out of ports" when every free pair was tried and refused
     */
    public <T> T allocate(PortBinder<T> binder) {
        int attempts;
        synchronized (this) {
            attempts = free.size();
        }
        IOException lastRefusal = null;
        for (int i = 0; i < attempts; i++) {
            int port;
            synchronized (this) {
                Integer p = free.poll();
                if (p == null) {
                    break;
                }
                port = p;
                inUse.set(port);
            }
            try {
                return binder.bind(port);
            } catch (IOException e) {
                lastRefusal = e;
                release(port);
            }
        }
        String why = lastRefusal == null ? "" : " (last refusal: " + lastRefusal.getMessage() + ")";
        throw new RelayException("Ran out of ports: none free in " + first + "-" + lastPort() + why);
    }

    /** Gives a pair back. Releasing a pair twice, or a port of another range, is a bug and throws. */
    public void release(int rtpPort) {
        synchronized (this) {
            if (rtpPort < first || rtpPort > last || (rtpPort - first) % 2 != 0 || !inUse.get(rtpPort)) {
                throw new IllegalStateException("port pool: " + rtpPort + " was not handed out by " + first + "-" + lastPort());
            }
            inUse.clear(rtpPort);
            free.add(rtpPort);
        }
    }
}
