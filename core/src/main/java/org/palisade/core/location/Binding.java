package org.palisade.core.location;

/**
 * One registered contact of an extension (RFC 3261 section 10). The source address is where the
 * REGISTER really came from (rport/received), which is how a phone behind NAT is reached.
 *
 * @param q the contact's preference 0.0-1.0, or null when the phone gave none
 */
public record Binding(Long id, String aor, String contactUri, Float q, long expiresAtMillis, long registeredAtMillis,
                      String callId, long cseq, String sourceHost, int sourcePort, String transport, String userAgent) {

    public int secondsLeft(long nowMillis) {
        return (int) Math.max(0, (expiresAtMillis - nowMillis + 999) / 1000);
    }

    public boolean expiredAt(long nowMillis) {
        return expiresAtMillis <= nowMillis;
    }

    public String source() {
        return sourceHost + ":" + sourcePort;
    }

    public Binding refreshed(long expiresAt, Float newQ, String newCallId, long newCseq, String host, int port, String newTransport, String agent) {
        return new Binding(id, aor, contactUri, newQ, expiresAt, registeredAtMillis, newCallId, newCseq, host, port, newTransport, agent);
    }
}
