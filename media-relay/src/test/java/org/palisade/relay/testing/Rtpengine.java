package org.palisade.relay.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.palisade.core.relay.RelayNode;
import org.palisade.relay.client.NgClient;
import org.palisade.relay.client.NgException;

/**
 * A real rtpengine (Debian's rtpengine-daemon) for one test: userspace forwarding only, on
 * loopback, with its own ng port and media port range, stopped again by {@link #close()}.
 *
 * <p>The command line, and why:
 * <pre>
 * rtpengine --config-file=none          the package's /etc/rtpengine/rtpengine.conf would add HTTP and CLI listeners
 *           --foreground --log-stderr   no daemonising: the test owns the process and reads its log
 *           --table=-1                  no kernel module: packets are forwarded in userspace
 *           --interface=127.0.0.1 --listen-ng=127.0.0.1:PORT --port-min=MIN --port-max=MAX
 *           --delete-delay=0            ports are freed on delete, so many calls fit a small range
 *           --num-threads=2 --log-level=6
 * </pre>
 * A missing binary fails the test: CI installs rtpengine-daemon, and a skipped test would hide
 * that the proxy was never tried against the real thing.
 */
public final class Rtpengine implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/bin/rtpengine");
    private static final Duration STARTUP = Duration.ofSeconds(10);

    private final int ngPort;
    private final int portMin;
    private final int portMax;
    private final StringBuffer log = new StringBuffer();
    private Process process;

    private Rtpengine(int ngPort, int portMin, int portMax) {
        this.ngPort = ngPort;
        this.portMin = portMin;
        this.portMax = portMax;
    }

    /** On a free ng port, relaying on a random block of 200 ports (so parallel tests rarely share ports). */
    public static Rtpengine start() {
        return start(200);
    }

    /** With only {@code ports} media ports, from a random block of 200. */
    public static Rtpengine start(int ports) {
        int min = 30_000 + 200 * ThreadLocalRandom.current().nextInt(140);
        Rtpengine r = new Rtpengine(freeUdpPort(), min, min + ports - 1);
        r.launch();
        return r;
    }

    public InetSocketAddress ngAddress() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), ngPort);
    }

    public RelayNode node(String name, int weight) {
        return new RelayNode(name, "127.0.0.1", ngPort, weight);
    }

    /** Whether a media port (from an SDP this relay wrote) is one of this relay's. */
    public boolean owns(int mediaPort) {
        return mediaPort >= portMin && mediaPort <= portMax;
    }

    public String log() {
        return log.toString();
    }

    /** Ends the process (SIGTERM, as systemd would), freeing its ports; {@link #launch} brings it back on the same ones. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    public void launch() {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: these tests drive a real rtpengine. Install it with "
                    + "`apt-get install rtpengine-daemon` (Debian 12: version 10.5); .ci/run does so on CI.");
        }
        List<String> command = List.of(BINARY.toString(), "--config-file=none", "--foreground", "--log-stderr", "--table=-1",
                "--interface=127.0.0.1", "--listen-ng=127.0.0.1:" + ngPort, "--port-min=" + portMin, "--port-max=" + portMax,
                "--delete-delay=0", "--num-threads=2", "--log-level=6");
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        }
        drain(process.getInputStream());
        awaitPong(command);
    }

    @Override
    public void close() {
        stop();
    }

    /** Ready is when it answers a ping, not when it has printed something. */
    private void awaitPong(List<String> command) {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        try (NgClient probe = new NgClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Duration.ofMillis(100), 1)) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("rtpengine exited with " + process.exitValue() + ": " + String.join(" ", command)
                            + "\n" + log);
                }
                try {
                    probe.request(ngAddress(), Map.of("command", "ping"));
                    return;
                } catch (NgException notYet) {
                    // still starting
                }
            }
        }
        stop();
        throw new IllegalStateException("rtpengine did not answer a ping within " + STARTUP.toSeconds() + " s: "
                + String.join(" ", command) + "\n" + log);
    }

    private void drain(InputStream output) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (output) {
                for (int n; (n = output.read(buffer)) > 0; ) {
                    log.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "rtpengine-log");
        t.setDaemon(true);
        t.start();
    }

    private static int freeUdpPort() {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
