package org.palisade.server;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.palisade.server.cli.Commands;

/** {@code java -jar palisade.jar COMMAND ...} */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (java.util.Arrays.asList(args).contains("serve") && System.getProperty("palisade.log.level") == null) {
            System.setProperty("palisade.log.level", "INFO");
        }
        int code = run(args, System.getenv(), System.in, System.out, System.err);
        System.exit(code);
    }

    public static int run(String[] args, Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
        PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        try {
            return Commands.execute(args, env, in, o, e);
        } finally {
            o.flush();
            e.flush();
        }
    }
}
