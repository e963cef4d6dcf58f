package org.palisade.server;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import org.palisade.core.storage.Storage;
import org.palisade.pbx.BridgeDirectory;
import org.palisade.pbx.dialplan.NumberNormalizer;
import org.palisade.pbx.sip.TrunkPasswords;
import org.palisade.pbx.sip.TrunkSettings;
import org.palisade.pbx.secret.SecretBox;

/** The pbx-bridge's settings, checked, with the setting named in every error. */
public final class PbxConfig {

    public static final String SECRETS_KEY = "secrets.key";
    public static final String DEFAULT_COUNTRY = "pbx.default-country";
    public static final String OPERATOR_EXTENSION = "pbx.operator-extension";
    public static final String HEALTH_SECONDS = "pbx.health-seconds";

    private PbxConfig() {
    }

    /** Never repeats the key in an error: a wrong key may still be a real one, one character off. */
    public static SecretBox secretBox(PalisadeConfig config) {
        String key = config.get(SECRETS_KEY).trim();
        if (key.isEmpty()) {
            throw new IllegalArgumentException(SECRETS_KEY + ": not set; trunk passwords are stored encrypted with it. Make one with"
                    + " `palisade secrets generate-key` and set it in palisade.properties or as PALISADE_SECRETS_KEY");
        }
        try {
            return SecretBox.fromKey(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SECRETS_KEY + ": " + e.getMessage().substring("key: ".length())
                    + "; make one with `palisade secrets generate-key`");
        }
    }

    /** Trunk registrations and health checks: OPTIONS every {@code pbx.health-seconds}. */
    public static TrunkSettings trunkSettings(PalisadeConfig config) {
        int seconds = config.getInt(HEALTH_SECONDS);
        if (seconds < 1) {
            throw new IllegalArgumentException(HEALTH_SECONDS + ": must be at least 1, got " + seconds);
        }
        return TrunkSettings.defaults().withHealthInterval(Duration.ofSeconds(seconds));
    }

    public static NumberNormalizer numbers(PalisadeConfig config) {
        try {
            return new NumberNormalizer(config.get(DEFAULT_COUNTRY));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(DEFAULT_COUNTRY + ": " + e.getMessage().substring("defaultCountry: ".length()));
        }
    }

    public static Optional<String> operatorExtension(PalisadeConfig config) {
        String extension = config.get(OPERATOR_EXTENSION).trim();
        if (extension.isEmpty()) {
            return Optional.empty();
        }
        if (!extension.matches("[0-9]{2,15}")) {
            throw new IllegalArgumentException(OPERATOR_EXTENSION + ": an extension number, 2 to 15 digits, got '" + extension + "'");
        }
        return Optional.of(extension);
    }

    /**
     * The proxy's view of trunks, dial plan and DIDs. The key is read when a trunk's challenge must
     * be answered, not here: a node whose trunks need no password starts without one.
     *
     * @param up whether a trunk's peer answers its health checks
     */
    public static BridgeDirectory bridge(PalisadeConfig config, Storage storage, Predicate<String> up, Clock clock) {
        BridgeDirectory bridge = new BridgeDirectory(storage, numbers(config), operatorExtension(config), up,
                trunk -> TrunkPasswords.opener(secretBox(config)).apply(trunk), Duration.ofSeconds(5), clock);
        bridge.refresh(); // starts the lookups of peers given by host name now, not at their first call
        return bridge;
    }
}
