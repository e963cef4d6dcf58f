package org.palisade.core.location;

import java.util.List;

/**
 * A REGISTER as the registrar needs it, independent of any SIP stack.
 *
 * @param wildcard       {@code Contact: *}
 * @param expiresHeader  the Expires header, or null
 */
public record RegisterRequest(String aor, List<ContactSpec> contacts, boolean wildcard, Integer expiresHeader,
                              String callId, long cseq, String sourceHost, int sourcePort, String transport,
                              String userAgent) {
}
