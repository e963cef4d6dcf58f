package org.palisade.server.testing;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs SIPp (Debian's sip-tester) against a test server with one of the scenarios under resources/sipp. */
public final class Sipp {

    private Sipp() {
    }

    /** @return the finished process result: exit code 0 means every call reached the scenario's end. */
    public static Result run(String scenario, Path injection, int calls, int rate, int serverPort, Path workDir) throws Exception {
        return run(scenario, injection, calls, rate, serverPort, workDir, "u1");
    }

    /** @param transport SIPp's -t: u1 (UDP, one socket) or t1 (TCP, one connection) */
    public static Result run(String scenario, Path injection, int calls, int rate, int serverPort, Path workDir, String transport)
            throws Exception {
        return start(scenario, injection, calls, rate, serverPort, workDir, transport, TestPhone.freeUdpPort()).await();
    }

    /**
     * Starts SIPp in the background from {@code localPort}: a UAS that registered from that port
     * (with {@link #run}) listens there for the calls Palisade forwards to it.
     *
     * @param extra more SIPp options, e.g. {@code -rtp_echo -mp 7000}
     */
    public static Running start(String scenario, Path injection, int calls, int rate, int serverPort, Path workDir, String transport,
                                int localPort, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sipp", "-sf", scenarioPath(scenario).toString(), "-inf", injection.toString(),
                "-m", Integer.toString(calls), "-r", Integer.toString(rate), "-auth_uri", TestServer.DOMAIN));
        cmd.addAll(common(scenario, serverPort, workDir, transport, localPort));
        cmd.addAll(List.of(extra));
        return start(scenario, cmd, workDir, transport.startsWith("u") ? localPort : 0);
    }

    /**
     * Starts SIPp in the background as the PBX at the far end of a trunk, on {@code localPort},
     * for one call. No -auth_uri: a PBX scenario that checks Palisade's credentials with
     * verifyauth needs the uri the credentials carry.
     *
     * @param extra more SIPp options, e.g. {@code -key user palisade}
     */
    public static Running pbx(String scenario, int serverPort, Path workDir, int localPort, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sipp", "-sf", scenarioPath(scenario).toString(), "-m", "1"));
        cmd.addAll(common(scenario, serverPort, workDir, "u1", localPort));
        cmd.addAll(List.of(extra));
        return start(scenario, cmd, workDir, localPort);
    }

    private static List<String> common(String scenario, int serverPort, Path workDir, String transport, int localPort) {
        return List.of("-l", "50", "-nostdin", "-default_behaviors", "all,-bye", "-recv_timeout", "10000",
                "-timeout", "60", "-trace_err", "-error_file", workDir.resolve(scenario + ".err").toString(),
                "127.0.0.1:" + serverPort, "-i", "127.0.0.1", "-p", Integer.toString(localPort), "-t", transport);
    }

    /** @param udpPort SIPp's UDP port, waited for until SIPp has bound it; 0 for none */
    private static Running start(String scenario, List<String> cmd, Path workDir, int udpPort) throws Exception {
        Path log = workDir.resolve(scenario + ".out");
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (udpPort != 0) {
            awaitBound(p, udpPort);
        }
        return new Running(p, cmd, log, workDir.resolve(scenario + ".err"));
    }

    /**
     * SIPp takes a moment to start, longer on a loaded machine; a request sent to it before it has
     * bound its port is lost. Reads the kernel's socket table rather than probing with a bind of
     * our own, which could take the port from SIPp.
     */
    private static void awaitBound(Process p, int port) throws Exception {
        String local = String.format(":%04X ", port);
        long deadline = System.currentTimeMillis() + 10_000;
        while (p.isAlive() && System.currentTimeMillis() < deadline) {
            for (String line : Files.readAllLines(Path.of("/proc/net/udp"))) {
                String[] cols = line.trim().split("\\s+");
                if (cols.length > 1 && (cols[1] + " ").endsWith(local)) {
                    return;
                }
            }
            Thread.sleep(20);
        }
    }

    /** A SIPp process started in the background. */
    public record Running(Process process, List<String> cmd, Path log, Path err) {

        public Result await() throws Exception {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("sipp did not finish: " + String.join(" ", cmd));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.ISO_8859_1),
                    Files.exists(err) ? Files.readString(err, StandardCharsets.ISO_8859_1) : "");
        }
    }

    /** An injection file in the layout the scenarios document: number;password;[authentication ...];expires. */
    public static Path users(Path dir, String name, List<String> numbers, java.util.function.UnaryOperator<String> password,
                             int expires) throws IOException {
        StringBuilder sb = new StringBuilder("SEQUENTIAL\n");
        for (String n : numbers) {
            String pw = password.apply(n);
            sb.append(n).append(';').append(pw).append(";[authentication username=").append(n).append(" password=").append(pw)
                    .append("];").append(expires).append('\n');
        }
        Path file = dir.resolve(name);
        Files.writeString(file, sb.toString());
        return file;
    }

    private static Path scenarioPath(String scenario) throws URISyntaxException {
        return Path.of(Sipp.class.getResource("/sipp/" + scenario + ".xml").toURI());
    }

    public record Result(int exitCode, String output, String errors) {
    }
}
