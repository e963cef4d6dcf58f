package org.palisade.server.cli;

import java.time.Clock;
import java.util.function.Function;
import org.palisade.core.admin.TrunkAdministration;
import org.palisade.core.storage.Storage;
import org.palisade.core.storage.Transaction;
import org.palisade.pbx.dialplan.NumberNormalizer;
import org.palisade.server.PbxConfig;

/** What the trunk, route and DID commands share. */
final class PbxCli {

    private PbxCli() {
    }

    /**
     * The key and the country are read only when a command needs them, so that a trunk without a
     * password can be managed before {@code secrets.key} is set up; and the database is opened only
     * for input that passed the checks, so that bad input is answered at once, database or not.
     */
    static TrunkAdministration admin(Cli cli) {
        Storage lazy = new Storage() {
            @Override
            public <T> T inTransaction(Function<Transaction, T> work) {
                return cli.database().inTransaction(work);
            }
        };
        return new TrunkAdministration(lazy,
                (purpose, password) -> PbxConfig.secretBox(cli.config()).seal(purpose, password),
                number -> numbers(cli).toE164(number),
                Clock.systemUTC());
    }

    static NumberNormalizer numbers(Cli cli) {
        return PbxConfig.numbers(cli.config());
    }

    static void print(Cli cli, boolean json, java.util.List<String> columns, java.util.List<? extends java.util.Map<String, ?>> rows) {
        if (json) {
            Output.json(cli.out, rows);
        } else {
            Output.table(cli.out, columns, rows);
        }
    }
}
