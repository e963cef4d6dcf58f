package org.palisade.server;

import org.palisade.core.trunk.PasswordSealer;
import org.palisade.directory.SecretOpener;
import org.palisade.pbx.secret.SecretBox;

/**
 * The directory's bind and trust store passwords are sealed with the same {@code secrets.key} as
 * trunk passwords. The key is read when a secret is sealed or opened, not before: a node whose
 * directory is not configured starts without one.
 */
public final class DirectorySecrets {

    private DirectorySecrets() {
    }

    public static PasswordSealer sealer(PalisadeConfig config) {
        return (purpose, password) -> box(config).seal(purpose, password);
    }

    public static SecretOpener opener(PalisadeConfig config) {
        return (purpose, sealed) -> box(config).open(purpose, sealed);
    }

    private static SecretBox box(PalisadeConfig config) {
        try {
            return PbxConfig.secretBox(config);
        } catch (IllegalArgumentException e) {
            if (config.get(PbxConfig.SECRETS_KEY).isBlank()) {
                throw new IllegalArgumentException(PbxConfig.SECRETS_KEY + ": not set; the directory's bind password is stored encrypted"
                        + " with it. Make one with `palisade secrets generate-key` and set it in palisade.properties or as"
                        + " PALISADE_SECRETS_KEY");
            }
            throw e;
        }
    }
}
