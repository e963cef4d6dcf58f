package org.palisade.sip.proxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.ListIterator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ProxyRequireHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;

/**
 * The Via branches Palisade puts on what it forwards, and the loop check they allow (RFC 3261
 * 16.6 step 8 and 16.3 step 4).
 *
 * <p>A branch is {@code z9hG4bK-pls-<loop hash>-<unique part>}. The loop hash covers what
 * identifies the request as received: Request-URI, From and To tags, Call-ID, CSeq and
 * Proxy-Require. When a request arrives carrying one of our own Vias whose loop hash equals the
 * hash of the request now, it is the same request coming round again: a loop (482). If the
 * hash differs (another Request-URI, say), it is a legitimate spiral.
 *
 * <p>Unlike RFC 3261's suggestion the topmost Via is left out of the hash: Palisade's own Via,
 * pushed on the previous pass, is unique per branch, so with it included a request going
 * round through Palisade would never match and only Max-Forwards would stop it.
 */
final class BranchIds {

    static final String PREFIX = "z9hG4bK-pls-";

    private final AtomicLong counter = new AtomicLong(System.nanoTime() & 0xffffffL);

    /** A new branch for one client transaction forwarding {@code received}. */
    String next(Request received) {
        return PREFIX + loopHash(received) + "-" + Long.toHexString(counter.incrementAndGet());
    }

    /**
     * The branch for an ACK forwarded statelessly: derived from the incoming branch, so that a
     * retransmitted ACK goes out with the same branch (RFC 3261 16.11).
     */
    String stateless(Request received) {
        ViaHeader top = (ViaHeader) received.getHeader(ViaHeader.NAME);
        return PREFIX + loopHash(received) + "-s" + hash(String.valueOf(top.getBranch())).substring(0, 12);
    }

    /** True when {@code received} carries a Via of ours whose loop hash is this request's. */
    boolean looped(Request received, Predicate<ViaHeader> ours) {
        String hash = null;
        for (ListIterator<?> it = received.getHeaders(ViaHeader.NAME); it.hasNext(); ) {
            ViaHeader via = (ViaHeader) it.next();
            String branch = via.getBranch();
            if (branch == null || !branch.startsWith(PREFIX) || !ours.test(via)) {
                continue;
            }
            hash = hash == null ? loopHash(received) : hash;
            if (branch.startsWith(PREFIX + hash + "-")) {
                return true;
            }
        }
        return false;
    }

    static String loopHash(Request r) {
        StringBuilder in = new StringBuilder(256);
        in.append(r.getRequestURI()).append('\n');
        in.append(((FromHeader) r.getHeader(FromHeader.NAME)).getTag()).append('\n');
        in.append(((ToHeader) r.getHeader(ToHeader.NAME)).getTag()).append('\n');
        in.append(((CallIdHeader) r.getHeader(CallIdHeader.NAME)).getCallId()).append('\n');
        CSeqHeader cseq = (CSeqHeader) r.getHeader(CSeqHeader.NAME);
        in.append(cseq.getSeqNumber()).append(' ').append(cseq.getMethod()).append('\n');
        for (ListIterator<?> it = r.getHeaders(ProxyRequireHeader.NAME); it.hasNext(); ) {
            in.append(((ProxyRequireHeader) it.next()).getOptionTag()).append(',');
        }
        return hash(in.toString()).substring(0, 16);
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
