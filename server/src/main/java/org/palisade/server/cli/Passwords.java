package org.palisade.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Reads a password from standard input, so that it shows in neither the process list nor the shell history. */
final class Passwords {

    private Passwords() {
    }

    static char[] choose(String option, boolean fromStdin, Cli cli, boolean required) {
        if (option != null && fromStdin) {
            throw new IllegalArgumentException("password: give either --password or --password-stdin, not both");
        }
        if (option != null) {
            return option.toCharArray();
        }
        if (fromStdin) {
            try {
                String line = new BufferedReader(new InputStreamReader(cli.in, StandardCharsets.UTF_8)).readLine();
                if (line == null || line.isEmpty()) {
                    throw new IllegalArgumentException("password: nothing on standard input");
                }
                return line.toCharArray();
            } catch (IOException e) {
                throw new IllegalArgumentException("password: cannot read standard input: " + e.getMessage());
            }
        }
        if (required) {
            throw new IllegalArgumentException("password: required, give --password-stdin (or --password)");
        }
        return null;
    }
}
