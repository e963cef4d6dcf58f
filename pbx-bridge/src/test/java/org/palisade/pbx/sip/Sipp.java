package org.palisade.pbx.sip;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SIPp (Debian's sip-tester 3.6.1) as a UAS on a loopback UDP port, running one of the
 * scenarios under resources/sipp with {@code -key} values, its messages traced to a file.
 */
final class Sipp implements AutoCloseable {

    private final Process process;
    private final List<String> cmd;
    private final Path log;
    private final Path errors;
    private final Path messages;

    private Sipp(Process process, List<String> cmd, Path log, Path errors, Path messages) {
        this.process = process;
        this.cmd = cmd;
        this.log = log;
        this.errors = errors;
        this.messages = messages;
    }

    /**
     * Starts the scenario listening on 127.0.0.1:{@code port} and returns once the port is taken.
     *
     * @param calls SIPp's -m: it exits after that many calls (each new Call-ID is a call)
     * @param keys  SIPp's -key NAME VALUE: [NAME] in the scenario
     */
    static Sipp uas(String scenario, int port, int calls, Map<String, String> keys, Path workDir) throws Exception {
        return uas(scenario, Map.of(), port, calls, keys, workDir);
    }

    /**
     * The same with {@code ${NAME}} placeholders of the scenario replaced first, for the places
     * SIPp takes no keyword (a response's status line).
     */
    static Sipp uas(String scenario, Map<String, String> fill, int port, int calls, Map<String, String> keys, Path workDir)
            throws Exception {
        String name = scenario + "-" + port + "-" + System.nanoTime();
        Path file = scenarioPath(scenario);
        if (!fill.isEmpty()) {
            String text = Files.readString(file, StandardCharsets.ISO_8859_1);
            for (Map.Entry<String, String> e : fill.entrySet()) {
                text = text.replace("${" + e.getKey() + "}", e.getValue());
            }
            file = workDir.resolve(name + ".xml");
            Files.writeString(file, text, StandardCharsets.ISO_8859_1);
        }
        Path log = workDir.resolve(name + ".out");
        Path errors = workDir.resolve(name + ".err");
        Path messages = workDir.resolve(name + ".msg");
        List<String> cmd = new ArrayList<>(List.of("sipp", "-sf", file.toString(), "-m", Integer.toString(calls),
                "-nostdin", "-i", "127.0.0.1", "-bind_local", "-p", Integer.toString(port), "-t", "u1", "-timeout", "60s",
                "-trace_err", "-error_file", errors.toString(), "-trace_msg", "-message_file", messages.toString()));
        keys.forEach((k, v) -> cmd.addAll(List.of("-key", k, v)));
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Sipp sipp = new Sipp(p, cmd, log, errors, messages);
        sipp.awaitListening(port);
        return sipp;
    }

    /** @return the exit code: 0 when every call reached the scenario's end */
    int await(Duration limit) throws Exception {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("sipp did not finish in " + limit + ": " + String.join(" ", cmd) + "\n" + report());
        }
        return process.exitValue();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Stops the peer at once, as a crashed or unplugged PBX would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    /** One entry of SIPp's message trace. */
    record Traced(Instant at, boolean received, String text) {
    }

    /** The requests SIPp received, in order, each as its whole text. */
    List<String> received(String method) throws IOException {
        Pattern requestLine = Pattern.compile("^" + method + " \\S+ SIP/2\\.0");
        return trace().stream().filter(t -> t.received() && requestLine.matcher(t.text()).find()).map(Traced::text).toList();
    }

    /**
     * Every message SIPp sent or received. An entry starts with a line of dashes ending in
     * SIPp's time stamp (date, time, then epoch seconds with microseconds), then a line saying
     * "... message sent" or "... message received", a blank line and the message.
     */
    List<Traced> trace() throws IOException {
        List<Traced> out = new ArrayList<>();
        if (!Files.exists(messages)) {
            return out;
        }
        String all = Files.readString(messages, StandardCharsets.ISO_8859_1);
        Matcher m = Pattern.compile("(?m)^-{20,}[^\\n]*?(\\d+)\\.(\\d{6})\\s*\\n([^\\n]*)\\n\\n").matcher(all);
        Traced head = null;
        int from = 0;
        while (m.find()) {
            if (head != null) {
                out.add(new Traced(head.at(), head.received(), all.substring(from, m.start()).strip()));
            }
            head = new Traced(Instant.ofEpochSecond(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)) * 1000),
                    m.group(3).contains("received"), null);
            from = m.end();
        }
        if (head != null) {
            out.add(new Traced(head.at(), head.received(), all.substring(from).strip()));
        }
        return out;
    }

    /** One header's value in a message's text, or null. */
    static String header(String message, String name) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + "\\s*:\\s*(.*?)\\s*$", Pattern.MULTILINE | Pattern.CASE_INSENSITIVE)
                .matcher(message);
        return m.find() ? m.group(1) : null;
    }

    static String requestUri(String message) {
        return message.substring(message.indexOf(' ') + 1, message.indexOf(" SIP/2.0"));
    }

    /** For assertion messages: what SIPp printed and complained about. */
    String report() throws IOException {
        String out = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        String err = Files.exists(errors) ? Files.readString(errors, StandardCharsets.ISO_8859_1) : "";
        return "--- sipp errors:\n" + tail(err) + "\n--- sipp output:\n" + tail(out);
    }

    private static String tail(String s) {
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }

    /** Watches the kernel's socket table rather than binding the port: a probe bind could take it from SIPp. */
    private void awaitListening(int port) throws Exception {
        String local = String.format(Locale.ROOT, "0100007F:%04X", port);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new AssertionError("sipp exited at start: " + String.join(" ", cmd) + "\n" + report());
            }
            if (Files.readAllLines(Path.of("/proc/net/udp")).stream().anyMatch(l -> l.contains(" " + local + " "))) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("sipp did not open port " + port + "\n" + report());
    }

    private static Path scenarioPath(String scenario) throws URISyntaxException {
        return Path.of(Sipp.class.getResource("/sipp/" + scenario + ".xml").toURI());
    }
}
