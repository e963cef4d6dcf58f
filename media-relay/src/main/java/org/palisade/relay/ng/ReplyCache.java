package org.palisade.relay.ng;

import java.net.SocketAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Replies by (sender, cookie) for a while: a proxy that got no reply in time sends the same
 * datagram again, and acting on it twice would allocate a second set of ports for one offer.
 * Keyed by sender too, so two proxies that happen to pick the same cookie never see each other's
 * replies. Bounded in age, count and bytes, so a flood of cookies costs memory only up to the caps.
 */
final class ReplyCache {

    private record Key(SocketAddress sender, String cookie) {
    }

    private record Entry(byte[] reply, long expires) {
    }

    private final long ttlMillis;
    private final int capacity;
    private final long maxBytes;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>();
    private long bytes;

    ReplyCache(long ttlMillis, int capacity, long maxBytes) {
        this.ttlMillis = ttlMillis;
        this.capacity = capacity;
        this.maxBytes = maxBytes;
    }

    synchronized byte[] get(SocketAddress sender, String cookie, long now) {
        expire(now);
        Entry e = entries.get(new Key(sender, cookie));
        return e == null ? null : e.reply();
    }

    synchronized void put(SocketAddress sender, String cookie, byte[] reply, long now) {
        expire(now);
        Entry old = entries.remove(new Key(sender, cookie));
        if (old != null) {
            bytes -= old.reply().length;
        }
        entries.put(new Key(sender, cookie), new Entry(reply, now + ttlMillis));
        bytes += reply.length;
        Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
        while ((entries.size() > capacity || bytes > maxBytes) && it.hasNext()) {
            bytes -= it.next().getValue().reply().length;
            it.remove();
        }
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized long bytes() {
        return bytes;
    }

    /** Entries are in insertion order, so the expired ones are at the head. */
    private void expire(long now) {
        Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Entry e = it.next().getValue();
            if (e.expires() > now) {
                return;
            }
            bytes -= e.reply().length;
            it.remove();
        }
    }
}
