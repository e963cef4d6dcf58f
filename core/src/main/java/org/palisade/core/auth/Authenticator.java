package org.palisade.core.auth;

/** Digest authentication with lock-out, shared by REGISTER (401) and, later, calls (407). */
public interface Authenticator {

    AuthOutcome authenticate(AuthRequest request);
}
