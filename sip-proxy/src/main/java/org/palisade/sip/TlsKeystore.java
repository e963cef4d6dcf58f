package org.palisade.sip;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.X509Certificate;
import java.util.Collections;

/**
 * Opens the configured PKCS#12 keystore the way the stack will, before the stack sees it.
 *
 * <p>Why: NIST JAIN-SIP builds its TLS layer ({@code SslNetworkLayer}) in the stack's
 * constructor and, when that fails (no file, wrong password), only logs "could not instantiate
 * SSL networking" and carries on without it. Palisade would then start on UDP and TCP and leave
 * TLS dead, or half working. So the keystore is checked here first, and any problem stops the
 * start with a message that names the setting to fix.
 */
public final class TlsKeystore {

    /** The certificate Palisade will present, for the start-up log line. */
    public record Identity(String alias, String subject, java.util.Date notAfter) {
    }

    private TlsKeystore() {
    }

    public static Identity check(Path file, String password) {
        if (file == null || file.toString().isBlank()) {
            throw new IllegalArgumentException("sip.tls-keystore: required when sip.tls-port is set (a PKCS#12 file, see the README)");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("sip.tls-keystore-password: required when sip.tls-port is set");
        }
        KeyStore store;
        try (InputStream in = Files.newInputStream(file)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("sip.tls-keystore: no such file " + file, e);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("sip.tls-keystore: cannot read " + file + " (permission denied)", e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new IllegalArgumentException("sip.tls-keystore-password: wrong password for " + file, e);
            }
            throw new IllegalArgumentException("sip.tls-keystore: cannot read " + file + " as a PKCS#12 keystore: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("sip.tls-keystore: cannot read " + file + " as a PKCS#12 keystore: " + e.getMessage(), e);
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (!store.isKeyEntry(alias)) {
                    continue;
                }
                // The stack's KeyManagerFactory unlocks the key with the store's password.
                store.getKey(alias, password.toCharArray());
                if (store.getCertificate(alias) instanceof X509Certificate cert) {
                    return new Identity(alias, cert.getSubjectX500Principal().getName(), cert.getNotAfter());
                }
            }
        } catch (UnrecoverableKeyException e) {
            throw new IllegalArgumentException("sip.tls-keystore-password: the private key in " + file
                    + " has another password; Palisade needs key and keystore under the same password", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("sip.tls-keystore: cannot read the key in " + file + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("sip.tls-keystore: " + file + " holds no private key with an X.509 certificate");
    }
}
