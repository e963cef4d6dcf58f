package org.palisade.server.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real softphone, Debian's baresip (package {@code baresip-core}, which {@code .ci/run} installs),
 * run headless as a child process for one test.
 *
 * <p>Everything it needs is written to a directory of the test's own ({@code baresip -f DIR}):
 * SIP on a free loopback UDP port, Palisade as its outbound proxy, auto-answer, no sound
 * hardware (the {@code aubridge} driver stands in for player and source), no STUN/TURN/ICE and
 * DNS pointed at loopback, so it never talks to anything but 127.0.0.1. The test drives it
 * through the {@code ctrl_tcp} module (netstring-framed JSON on a loopback TCP port): commands
 * such as {@code dial} and {@code hangup} go in, and call events such as
 * {@code CALL_ESTABLISHED} and {@code CALL_CLOSED} come out. Its output, with a full SIP trace,
 * goes to {@link #log()}, for failure messages.
 */
public final class Baresip implements AutoCloseable {

    /** Where Debian's baresip-core puts its modules. */
    private static final Path MODULES = Path.of("/usr/lib/baresip/modules");
    private static final AtomicLong TOKENS = new AtomicLong();

    private final String number;
    private final int sipPort;
    private final Path logFile;
    private final Process process;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<String> responses = new CopyOnWriteArrayList<>();
    private Socket control;
    private OutputStream commands;

    private Baresip(String number, int sipPort, Path logFile, Process process) {
        this.number = number;
        this.sipPort = sipPort;
        this.logFile = logFile;
        this.process = process;
    }

    /**
     * Starts baresip for extension {@code number} in {@code dir}, registering with Palisade on
     * {@code serverPort} (UDP) and answering incoming calls at once. Fails the test, never skips
     * it, when baresip is not installed.
     */
    public static Baresip start(Path dir, String number, String password, int serverPort) throws Exception {
        Path executable = executable();
        if (executable == null || !Files.isDirectory(MODULES)) {
            throw new AssertionError("baresip is not installed (no baresip on PATH or no " + MODULES
                    + "): install it with `apt-get install -y baresip-core`, as .ci/run does");
        }
        Files.createDirectories(dir);
        int sipPort = TestPhone.freeUdpPort();
        int controlPort = freeTcpPort();
        Files.writeString(dir.resolve("config"), config(sipPort, controlPort));
        // baresip 1.0.0's account syntax: <aor>;addr-params, the outbound proxy in quotes.
        Files.writeString(dir.resolve("accounts"), "<sip:" + number + "@" + TestServer.DOMAIN + ">;auth_pass=" + password
                + ";outbound=\"sip:127.0.0.1:" + serverPort + ";transport=udp\";regint=600;answermode=auto\n");
        Files.writeString(dir.resolve("contacts"), "");
        Path log = dir.resolve("baresip.log");
        // -s: SIP trace and -v: verbose, both into the log.
        Process p = new ProcessBuilder(executable.toString(), "-f", dir.toString(), "-s", "-v")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        p.getOutputStream().close();
        Baresip b = new Baresip(number, sipPort, log, p);
        try {
            b.connect(controlPort);
        } catch (Exception | AssertionError e) {
            b.close();
            throw e;
        }
        return b;
    }

    /** The exact config file: see the class comment. */
    static String config(int sipPort, int controlPort) {
        return String.join("\n",
                "poll_method\tepoll",
                "sip_listen\t127.0.0.1:" + sipPort,
                "net_interface\t127.0.0.1",
                "dns_server\t127.0.0.1:53",
                "call_local_timeout\t30",
                "call_max_calls\t4",
                "audio_player\taubridge,nil",
                "audio_source\taubridge,nil",
                "audio_alert\taubridge,nil",
                "audio_level\tno",
                "rtp_stats\tno",
                "module_path\t" + MODULES,
                "module\tg711.so",
                "module\taubridge.so",
                "module\tctrl_tcp.so",
                "module_tmp\taccount.so",
                "module_app\tmenu.so",
                "ctrl_tcp_listen\t127.0.0.1:" + controlPort,
                "");
    }

    private static Path executable() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(d, "baresip");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private void connect(int controlPort) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("baresip exited with " + process.exitValue() + " at startup:\n" + log());
            }
            try {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", controlPort), 500);
                control = s;
                commands = s.getOutputStream();
                break;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("baresip's ctrl_tcp did not come up on port " + controlPort + ":\n" + log());
                }
                Thread.sleep(50);
            }
        }
        Thread reader = new Thread(this::readControl, "baresip-ctrl-" + number);
        reader.setDaemon(true);
        reader.start();
    }

    /** Reads netstrings ({@code LENGTH:JSON,}) and sorts them into events and command responses. */
    private void readControl() {
        try (InputStream in = new BufferedInputStream(control.getInputStream())) {
            while (true) {
                int length = 0;
                int c;
                while ((c = in.read()) != ':') {
                    if (c < '0' || c > '9') {
                        return; // end of stream or garbage: baresip is going away
                    }
                    length = length * 10 + (c - '0');
                }
                byte[] body = in.readNBytes(length);
                in.read(); // the trailing ','
                String json = new String(body, StandardCharsets.UTF_8);
                (json.contains("\"event\":true") ? events : responses).add(json);
            }
        } catch (IOException closed) {
            // the test closed the connection or baresip quit
        }
    }

    /** Runs a ctrl_tcp command (e.g. {@code dial 4002}, {@code hangup}); fails unless baresip says ok. */
    public String command(String command, String params) throws Exception {
        String token = send(command, params);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            for (String r : responses) {
                if (r.contains("\"token\":\"" + token + "\"")) {
                    if (!r.contains("\"ok\":true")) {
                        throw new AssertionError("baresip refused `" + command + " " + params + "`: " + r + "\n" + log());
                    }
                    return r;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("baresip did not answer `" + command + " " + params + "` within 5 s:\n" + log());
    }

    /** Sends a ctrl_tcp command without waiting for the answer; returns its token. */
    private String send(String command, String params) throws IOException {
        String token = "t" + TOKENS.incrementAndGet();
        String json = "{\"command\":\"" + command + "\",\"params\":\"" + params + "\",\"token\":\"" + token + "\"}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write((body.length + ":").getBytes(StandardCharsets.US_ASCII));
        frame.write(body);
        frame.write(',');
        synchronized (this) {
            commands.write(frame.toByteArray());
            commands.flush();
        }
        return token;
    }

    /** Places a call to {@code number} at Palisade's domain (through the outbound proxy). */
    public void dial(String target) throws Exception {
        command("dial", target);
    }

    public void hangup() throws Exception {
        command("hangup", "");
    }

    /**
     * Waits up to {@code seconds} for a ctrl_tcp event of {@code type} (e.g. {@code CALL_ESTABLISHED})
     * and returns its JSON; fails with the log when it does not come.
     */
    public String awaitEvent(String type, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            for (String e : events) {
                if (e.contains("\"type\":\"" + type + "\"")) {
                    return e;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("baresip reported no " + type + " within " + seconds + " s; events " + events + "\n" + log());
    }

    public List<String> events() {
        return List.copyOf(events);
    }

    /** The UDP port baresip sends and receives SIP on. */
    public int sipPort() {
        return sipPort;
    }

    /** baresip's output so far, SIP trace included, without terminal colours. */
    public String log() {
        try {
            return "---- baresip log (" + logFile + ") ----\n"
                    + Files.readString(logFile, StandardCharsets.ISO_8859_1).replaceAll("\u001b\\[[0-9;]*m", "")
                    + "---- end of baresip log ----";
        } catch (IOException e) {
            return "(no baresip log: " + e + ")";
        }
    }

    /** Quits baresip (it unregisters first), and kills it if it does not go within a few seconds. */
    @Override
    public void close() {
        try {
            if (control != null && process.isAlive()) {
                try {
                    send("quit", "");
                } catch (IOException ignored) {
                    // it is killed below
                }
            }
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                if (control != null) {
                    control.close();
                }
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }
}
