package org.palisade.core.auth;

import java.util.Map;

/**
 * @param method      the SIP method, part of the digest
 * @param sourceHost  the address the request really came from
 * @param credentials the Authorization header's parameters, or null when the request carried none
 */
public record AuthRequest(String method, String sourceHost, Map<String, String> credentials) {
}
