package org.palisade.registrar.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.palisade.core.audit.AuditEvent;
import org.palisade.core.audit.AuditLog;
import org.palisade.core.audit.AuditType;
import org.palisade.core.auth.AuthOutcome;
import org.palisade.core.auth.AuthRequest;
import org.palisade.core.auth.Authenticator;
import org.palisade.core.extension.DigestHashes;
import org.palisade.core.extension.Extension;
import org.palisade.core.storage.Storage;
import org.palisade.registrar.RegistrarSettings;
import org.palisade.core.auth.LockoutTracker;

/**
 * HTTP digest as SIP uses it (RFC 3261 22, RFC 7616, RFC 8760): SHA-256 and MD5, qop=auth.
 *
 * <p>Whatever goes wrong (unknown user, disabled user, wrong password, replayed nonce) the
 * phone sees the same fresh challenge, computed with the same work: only the audit log is
 * told the real reason. That is what keeps extensions from being enumerated.
 */
public final class DigestAuthenticator implements Authenticator {

    private static final String SOURCE = "source:";
    private static final String EXTENSION = "extension:";

    private final Storage storage;
    private final AuditLog audit;
    private final NonceManager nonces;
    private final LockoutTracker lockout;
    private final String realm;
    private final List<String> algorithms;
    private final DigestHashes decoy;

    public DigestAuthenticator(Storage storage, AuditLog audit, NonceManager nonces, LockoutTracker lockout, String realm) {
        this(storage, audit, nonces, lockout, realm, RegistrarSettings.DEFAULT_ALGORITHMS);
    }

    /** @param algorithms offered and accepted, in the order challenged ({@code SHA-256}, {@code MD5}) */
    public DigestAuthenticator(Storage storage, AuditLog audit, NonceManager nonces, LockoutTracker lockout, String realm,
                               List<String> algorithms) {
        this.algorithms = List.copyOf(algorithms);
        this.storage = storage;
        this.audit = audit;
        this.nonces = nonces;
        this.lockout = lockout;
        this.realm = realm;
        byte[] noise = new byte[24];
        new SecureRandom().nextBytes(noise);
        this.decoy = DigestHashes.of("decoy", realm, HexFormat.of().formatHex(noise).toCharArray());
    }

    @Override
    public AuthOutcome authenticate(AuthRequest request) {
        Map<String, String> c = request.credentials();
        String username = c == null ? null : c.get("username");
        if (lockout.isLocked(SOURCE + request.sourceHost()) || (username != null && lockout.isLocked(EXTENSION + username))) {
            return new AuthOutcome.Refused("Too many failed attempts, try again later");
        }
        if (c == null) {
            return challenge(false);
        }
        Credentials cred = Credentials.parse(c);
        if (cred.problem() != null) {
            return fail(request, username, cred.problem());
        }
        if (!algorithms.contains(cred.sha256() ? "SHA-256" : "MD5")) {
            return fail(request, username, "algorithm " + (cred.sha256() ? "SHA-256" : "MD5") + " is switched off");
        }
        if (!realm.equals(cred.realm())) {
            return fail(request, username, "wrong realm '" + cred.realm() + "'");
        }
        Optional<Extension> ext = storage.inTransaction(tx -> tx.extensions().find(cred.username()));
        // Unknown and disabled users are checked against a decoy hash: same work, same answer.
        String ha1 = ext.filter(Extension::enabled)
                .map(e -> cred.sha256() ? e.ha1Sha256() : e.ha1Md5())
                .orElse(cred.sha256() ? decoy.sha256() : decoy.md5());
        String expected = expectedResponse(cred, ha1, request.method());
        boolean matches = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                cred.response().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        if (ext.isEmpty()) {
            return fail(request, username, "unknown extension");
        }
        if (!ext.get().enabled()) {
            return fail(request, username, "extension disabled");
        }
        if (!matches) {
            return fail(request, username, "wrong password");
        }
        switch (nonces.use(cred.nonce(), cred.nc())) {
            case STALE:
                return challenge(true);
            case FORGED:
                return fail(request, username, "nonce not issued by this server");
            case REPLAYED:
                return fail(request, username, "nonce-count replayed");
            default:
                lockout.succeed(EXTENSION + username);
                return new AuthOutcome.Authenticated(ext.get());
        }
    }

    private AuthOutcome fail(AuthRequest request, String username, String reason) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", reason);
        details.put("method", request.method());
        audit.record(new AuditEvent(AuditType.LOGON_FAILED, username == null ? "unknown" : username, username,
                request.sourceHost(), details));
        boolean locked = lock(SOURCE + request.sourceHost(), request, "source " + request.sourceHost());
        if (username != null) {
            locked |= lock(EXTENSION + username, request, "extension " + username);
        }
        return locked ? new AuthOutcome.Refused("Too many failed attempts, try again later") : challenge(false);
    }

    private boolean lock(String key, AuthRequest request, String what) {
        if (!lockout.fail(key)) {
            return false;
        }
        audit.record(new AuditEvent(AuditType.LOCKED_OUT, "system", key, request.sourceHost(),
                Map.of("locked", what)));
        return true;
    }

    private AuthOutcome challenge(boolean stale) {
        String nonce = nonces.issue();
        String tail = ", qop=\"auth\"" + (stale ? ", stale=true" : "");
        return new AuthOutcome.Challenge(algorithms.stream()
                .map(alg -> "Digest realm=\"" + realm + "\", nonce=\"" + nonce + "\", algorithm=" + alg + tail)
                .toList());
    }

    private static String expectedResponse(Credentials c, String ha1, String method) {
        String alg = c.sha256() ? "SHA-256" : "MD5";
        String ha2 = DigestHashes.hex(alg, method + ":" + c.uri());
        return DigestHashes.hex(alg, ha1 + ":" + c.nonce() + ":" + c.ncText() + ":" + c.cnonce() + ":auth:" + ha2);
    }
}
