package org.palisade.server.cli;

import org.palisade.pbx.secret.SecretBox;
import picocli.CommandLine.Command;

@Command(name = "secrets", mixinStandardHelpOptions = true, description = "The key trunk passwords are stored encrypted with.")
final class SecretsCommand {

    private final Cli cli;

    SecretsCommand(Cli cli) {
        this.cli = cli;
    }

    /** The key alone on standard output, so that a script can capture it; the advice goes to standard error. */
    @Command(name = "generate-key", description = "Print a new random key for secrets.key (base64 of 32 bytes).")
    int generateKey() {
        cli.out.println(SecretBox.generateKey());
        cli.err.println("Set it as secrets.key in palisade.properties (readable by the Palisade account only) or as PALISADE_SECRETS_KEY,"
                + " on every node, and keep a copy apart from the database: without it no trunk password can be read.");
        return 0;
    }
}
