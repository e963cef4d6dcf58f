package org.palisade.server.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.palisade.db.DbSettings;
import org.palisade.server.Main;

/** Runs the palisade command line in-process, as a user would type it, and keeps what it printed. */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun run(DbSettings db, String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db-url", db.url(), "--db-user", db.user(), "--domain", TestServer.DOMAIN));
        if (db.password() != null && !db.password().isEmpty()) {
            all.addAll(List.of("--db-password", db.password()));
        }
        return raw(Map.of(), stdin, all.toArray(String[]::new));
    }

    public static CliRun raw(Map<String, String> env, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, env, new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
