package org.palisade.web.http;

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
 * Opens the configured PKCS#12 keystore before Jetty does, so that a missing file or a wrong
 * password stops the start with a message naming the setting (Jetty's own error is a stack
 * trace about an SSL context), the way sip.tls-keystore is checked for SIP.
 */
public final class HttpsKeystore {

    /** The certificate the server will present, for the start-up log line. */
    public record Identity(String alias, String subject, java.util.Date notAfter) {
    }

    private HttpsKeystore() {
    }

    public static Identity check(Path file, String password) {
        KeyStore store;
        try (InputStream in = Files.newInputStream(file)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("http.tls-keystore: no such file " + file, e);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("http.tls-keystore: cannot read " + file + " (permission denied)", e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new IllegalArgumentException("http.tls-keystore-password: wrong password for " + file, e);
            }
            throw new IllegalArgumentException("http.tls-keystore: cannot read " + file + " as a PKCS#12 keystore: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("http.tls-keystore: cannot read " + file + " as a PKCS#12 keystore: " + e.getMessage(), e);
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getCertificate(alias) instanceof X509Certificate cert) {
                    store.getKey(alias, password.toCharArray()); // Jetty unlocks the key with the store's password
                    return new Identity(alias, cert.getSubjectX500Principal().getName(), cert.getNotAfter());
                }
            }
        } catch (UnrecoverableKeyException e) {
            throw new IllegalArgumentException("http.tls-keystore-password: the private key in " + file
                    + " has another password; key and keystore must share one", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("http.tls-keystore: cannot read the key in " + file + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("http.tls-keystore: " + file + " holds no private key with an X.509 certificate");
    }
}
