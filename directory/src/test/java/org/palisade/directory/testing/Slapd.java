package org.palisade.directory.testing;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's OpenLDAP server ({@code /usr/sbin/slapd}, package {@code slapd}), started by the test in
 * its own directory on a free loopback port: mdb backend, suffix {@value #SUFFIX}, the memberof
 * overlay, and AD's page limit (1,000 entries a request; paged searches may go on without end).
 * {@link #stop()} and {@link #start()} again keep the data, for "the directory is down" tests.
 */
public final class Slapd implements AutoCloseable {

    public static final String SLAPD = "/usr/sbin/slapd";
    public static final String SUFFIX = "dc=example,dc=com";
    public static final String ROOT_DN = "cn=admin," + SUFFIX;
    public static final String ROOT_PASSWORD = "Root-Secret-1";
    public static final String PEOPLE = "ou=people," + SUFFIX;
    public static final String GROUPS = "ou=groups," + SUFFIX;
    public static final String SERVICE_DN = "cn=palisade," + SUFFIX;
    public static final String SERVICE_PASSWORD = "Palisade-Service-Pw1";

    private final Path dir;
    private final int port;
    private Process process;

    private Slapd(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /**
     * Configures, starts and fills the skeleton (people and groups OUs, the service account).
     *
     * @throws IllegalStateException (never a skip) when slapd is not installed
     */
    public static Slapd create(Path dir) throws Exception {
        if (!Files.isExecutable(Path.of(SLAPD))) {
            throw new IllegalStateException(SLAPD + " is missing: install Debian's slapd and ldap-utils (apt-get install slapd ldap-utils;"
                    + " .ci/run does it). The OpenLDAP tests need a real slapd and do not skip.");
        }
        Files.createDirectories(dir.resolve("db"));
        String conf = String.join("\n",
                "include /etc/ldap/schema/core.schema",
                "include /etc/ldap/schema/cosine.schema",
                "include /etc/ldap/schema/nis.schema",
                "include /etc/ldap/schema/inetorgperson.schema",
                "modulepath /usr/lib/ldap",
                "moduleload back_mdb",
                "moduleload memberof",
                "pidfile " + dir.resolve("slapd.pid"),
                "argsfile " + dir.resolve("slapd.args"),
                "sizelimit size.soft=1000 size.hard=1000 size.prtotal=unlimited",
                "database mdb",
                "maxsize 1073741824",
                "suffix \"" + SUFFIX + "\"",
                "rootdn \"" + ROOT_DN + "\"",
                "rootpw " + ROOT_PASSWORD,
                "directory " + dir.resolve("db"),
                "index objectClass eq",
                "index uid eq",
                "index member eq",
                "overlay memberof",
                "");
        Files.writeString(dir.resolve("slapd.conf"), conf);
        Slapd slapd = new Slapd(dir, freePort());
        slapd.start();
        try (LDAPConnection c = slapd.root()) {
            c.add(new Entry(SUFFIX, List.of(new com.unboundid.ldap.sdk.Attribute("objectClass", "top", "dcObject", "organization"),
                    new com.unboundid.ldap.sdk.Attribute("dc", "example"), new com.unboundid.ldap.sdk.Attribute("o", "Example"))));
            c.add("dn: " + PEOPLE, "objectClass: organizationalUnit", "ou: people");
            c.add("dn: " + GROUPS, "objectClass: organizationalUnit", "ou: groups");
            c.add("dn: ou=former," + SUFFIX, "objectClass: organizationalUnit", "ou: former");
            c.add("dn: " + SERVICE_DN, "objectClass: organizationalRole", "objectClass: simpleSecurityObject", "cn: palisade",
                    "userPassword: " + SERVICE_PASSWORD);
        } catch (Exception e) {
            slapd.close();
            throw e;
        }
        return slapd;
    }

    /** Starts slapd on the same port and data; returns once it answers. */
    public void start() throws Exception {
        Path log = dir.resolve("slapd.log");
        // -d 0: stay in the foreground (so this process owns it) and log nothing but errors
        process = new ProcessBuilder(SLAPD, "-h", "ldap://127.0.0.1:" + port + "/", "-f", dir.resolve("slapd.conf").toString(), "-d", "0")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("slapd exited with " + process.exitValue() + ": " + Files.readString(log, StandardCharsets.UTF_8));
            }
            try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("slapd did not listen on 127.0.0.1:" + port + " within 30 s: " + Files.readString(log));
    }

    /** Stops slapd (SIGTERM, then SIGKILL); the data stays for {@link #start()}. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    public String url() {
        return "ldap://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** A connection bound as the root DN, for the test to change the directory. */
    public LDAPConnection root() throws LDAPException {
        return new LDAPConnection("127.0.0.1", port, ROOT_DN, ROOT_PASSWORD);
    }

    public static String personDn(String uid) {
        return "uid=" + uid + "," + PEOPLE;
    }

    public static String groupDn(String cn) {
        return "cn=" + cn + "," + GROUPS;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
