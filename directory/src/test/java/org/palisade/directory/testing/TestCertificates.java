package org.palisade.directory.testing;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;

/** A self-signed server certificate for 127.0.0.1 and localhost (the JDK's keytool), and a trust store holding only it. */
public record TestCertificates(Path keyStore, Path trustStore, String password) {

    public static TestCertificates create(Path dir, String password) throws Exception {
        Path keyStore = dir.resolve("ldap-server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "ldap", "-keyalg", "EC", "-groupname", "secp256r1",
                "-validity", "30", "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", password,
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.isRegularFile(keyStore)) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore source = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            source.load(in, password.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ldap", source.getCertificate("ldap"));
        Path trustStore = dir.resolve("ldap-trust.p12");
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trust.store(out, password.toCharArray());
        }
        return new TestCertificates(keyStore, trustStore, password);
    }
}
