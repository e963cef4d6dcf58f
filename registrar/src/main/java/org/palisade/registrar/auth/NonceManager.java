package org.palisade.registrar.auth;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues digest nonces and remembers, per nonce, the highest nonce-count seen, so that a
 * captured Authorization header cannot be replayed. A nonce carries its issue time and an
 * HMAC, so an expired nonce is recognised as ours (stale=true) without keeping it forever.
 * The key is per process: after a restart old nonces are simply challenged again.
 */
public final class NonceManager {

    public enum Verdict { VALID, STALE, REPLAYED, FORGED }

    private static final int TIME = 8;
    private static final int RANDOM = 8;
    private static final int TAG = 16;

    private final Clock clock;
    private final long lifetimeMillis;
    private final SecureRandom random = new SecureRandom();
    private final byte[] key = new byte[32];
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    public NonceManager(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetimeMillis = lifetime.toMillis();
        random.nextBytes(key);
    }

    public String issue() {
        ByteBuffer buf = ByteBuffer.allocate(TIME + RANDOM + TAG);
        buf.putLong(clock.millis());
        byte[] salt = new byte[RANDOM];
        random.nextBytes(salt);
        buf.put(salt);
        buf.put(tag(buf.array(), TIME + RANDOM));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buf.array());
    }

    /** Checks a nonce and, when valid, consumes nonce-count {@code nc}. */
    public Verdict use(String nonce, long nc) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return Verdict.FORGED;
        }
        if (raw.length != TIME + RANDOM + TAG
                || !MessageDigest.isEqual(tag(raw, TIME + RANDOM), Arrays.copyOfRange(raw, TIME + RANDOM, raw.length))) {
            return Verdict.FORGED;
        }
        long issuedAt = ByteBuffer.wrap(raw).getLong();
        if (issuedAt + lifetimeMillis < clock.millis()) {
            return Verdict.STALE;
        }
        // Counts are tracked from first use, not from issue: challenges cost no memory, so a
        // flood of unauthenticated requests cannot grow this map.
        AtomicLong last = counts.computeIfAbsent(nonce, n -> new AtomicLong(0));
        long seen = last.get();
        while (nc > seen) {
            if (last.compareAndSet(seen, nc)) {
                return Verdict.VALID;
            }
            seen = last.get();
        }
        return Verdict.REPLAYED;
    }

    /** Forgets expired nonces; called by the registrar's housekeeping. */
    public void purge() {
        long oldest = clock.millis() - lifetimeMillis;
        counts.keySet().removeIf(n -> ByteBuffer.wrap(Base64.getUrlDecoder().decode(n)).getLong() < oldest);
    }

    int tracked() {
        return counts.size();
    }

    private byte[] tag(byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(data, 0, length);
            return Arrays.copyOf(mac.doFinal(), TAG);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 missing from the JDK", e);
        }
    }
}
