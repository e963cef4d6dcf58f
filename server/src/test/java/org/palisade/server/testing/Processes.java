package org.palisade.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.palisade.server.Main;

/** Palisade commands run as processes of their own, as an admin would start them. */
public final class Processes {

    private Processes() {
    }

    /** {@code palisade ARGS...} in a new JVM on the test's class path, output and errors merged. */
    public static Process palisade(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /**
     * Reads the process's output until a line contains {@code text} (within 60 s), then keeps
     * draining it in the background so the process never blocks on a full pipe.
     *
     * @return that line
     */
    public static String awaitLine(Process p, String text) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.currentTimeMillis() + 60_000;
        StringBuilder seen = new StringBuilder();
        String line;
        while (System.currentTimeMillis() < deadline && (line = out.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.contains(text)) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "process-output");
                drain.setDaemon(true);
                drain.start();
                return line;
            }
        }
        throw new AssertionError("no line with '" + text + "' from " + p.info().commandLine().orElse("the process") + ":\n" + seen);
    }
}
