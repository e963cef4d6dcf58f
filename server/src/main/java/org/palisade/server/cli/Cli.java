package org.palisade.server.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.palisade.core.admin.Administration;
import org.palisade.db.Database;
import org.palisade.server.PalisadeConfig;

/**
 * What every command shares: the global options, the process's environment and streams, and
 * the database, opened once on first use with the same configuration {@code serve} reads.
 */
public final class Cli implements AutoCloseable {

    final Map<String, String> env;
    final InputStream in;
    final PrintWriter out;
    final PrintWriter err;
    final Map<String, String> flags = new HashMap<>();
    Path configFile;
    private PalisadeConfig config;
    private Database database;

    public Cli(Map<String, String> env, InputStream in, PrintWriter out, PrintWriter err) {
        this.env = env;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    public PalisadeConfig config() {
        if (config == null) {
            Path file = configFile != null ? configFile
                    : env.containsKey("PALISADE_CONFIG") ? Path.of(env.get("PALISADE_CONFIG")) : PalisadeConfig.defaultFile();
            config = PalisadeConfig.load(file, env, flags);
        }
        return config;
    }

    public Database database() {
        if (database == null) {
            database = new Database(config().database());
        }
        return database;
    }

    public Administration admin() {
        return new Administration(database(), config().domain(), Clock.systemUTC());
    }

    /** Who the audit log names for a CLI change: the operating-system account that ran it. */
    public String actor() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }

    @Override
    public void close() {
        if (database != null) {
            database.close();
        }
    }
}
