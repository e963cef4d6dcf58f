package org.palisade.server.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.NoSuchElementException;
import picocli.CommandLine;

/** Builds the command tree and turns failures into a message that names the field, and an exit status. */
public final class Commands {

    /** Exit status for a request that was understood but could not be done (not found, conflict, database down). */
    public static final int FAILED = 1;
    /** Exit status for bad input (picocli uses 2 for usage errors too). */
    public static final int BAD_INPUT = 2;

    private Commands() {
    }

    public static int execute(String[] args, Map<String, String> env, InputStream in, PrintWriter out, PrintWriter err) {
        try (Cli cli = new Cli(env, in, out, err)) {
            CommandLine commandLine = new CommandLine(new RootCommand(cli), new Factory(cli));
            commandLine.setOut(out);
            commandLine.setErr(err);
            commandLine.setExecutionExceptionHandler((ex, cmd, parsed) -> {
                err.println("error: " + message(ex));
                return ex instanceof IllegalArgumentException ? BAD_INPUT : FAILED;
            });
            return commandLine.execute(args);
        } catch (RuntimeException e) {
            err.println("error: " + message(e));
            return FAILED;
        }
    }

    private static String message(Throwable e) {
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException || e instanceof NoSuchElementException) {
            return e.getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return e.getMessage() + (root != e ? " (" + root.getMessage() + ")" : "");
    }

    /** Gives every command the shared {@link Cli}. */
    private record Factory(Cli cli) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                var constructor = cls.getDeclaredConstructor(Cli.class);
                constructor.setAccessible(true);
                return constructor.newInstance(cli);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}
