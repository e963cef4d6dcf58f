package org.palisade.server.testing;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Certificates for TLS tests, made the way the README tells an administrator to: a self-signed
 * PKCS#12 keystore from the JDK's {@code keytool}; and the trust store a phone needs to accept it.
 */
public final class TestTls {

    private TestTls() {
    }

    /** What a test phone trusts: a PKCS#12 trust store. */
    public record ClientTrust(Path trustStore, String password) {

        /**
         * The NIST stack's TLS properties for a phone. The stack only sets up TLS when a
         * keyStore is named; the phone has no key of its own, so the trust store is named for
         * both (client certificates are not used).
         */
        public void apply(Properties p) {
            p.setProperty("javax.net.ssl.keyStore", trustStore.toString());
            p.setProperty("javax.net.ssl.keyStorePassword", password);
            p.setProperty("javax.net.ssl.keyStoreType", "PKCS12");
            p.setProperty("javax.net.ssl.trustStore", trustStore.toString());
            p.setProperty("javax.net.ssl.trustStorePassword", password);
            p.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
            p.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", "TLSv1.3,TLSv1.2");
            p.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Disabled");
            p.setProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES", "TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384,"
                    + "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        }
    }

    /** The README's keytool command: a self-signed EC certificate for {@code cn} and 127.0.0.1 in a new PKCS#12 file. */
    public static Path keystore(Path dir, String name, String cn, String password) throws Exception {
        Path file = dir.resolve(name + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "palisade", "-keyalg", "EC", "-groupname", "secp256r1",
                "-validity", "825", "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", password,
                "-dname", "CN=" + cn, "-ext", "SAN=dns:" + cn + ",ip:127.0.0.1")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.isRegularFile(file)) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        return file;
    }

    /** A trust store holding only the certificate from {@code keystore}: what a phone is given to trust Palisade. */
    public static ClientTrust trusting(Path keystore, String keystorePassword, Path trustStore, String password) throws Exception {
        KeyStore source = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            source.load(in, keystorePassword.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("palisade", source.getCertificate("palisade"));
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trust.store(out, password.toCharArray());
        }
        return new ClientTrust(trustStore, password);
    }

    public static int freeTcpPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

}
