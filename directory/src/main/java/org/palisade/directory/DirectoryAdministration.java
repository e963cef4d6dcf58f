package org.palisade.directory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.palisade.core.admin.ConfigChanges;
import org.palisade.core.directory.DirectoryFlavor;
import org.palisade.core.directory.DirectorySettings;
import org.palisade.core.directory.DirectorySyncStatus;
import org.palisade.core.directory.GroupMapping;
import org.palisade.core.storage.Storage;
import org.palisade.core.storage.Transaction;
import org.palisade.core.trunk.PasswordSealer;

/**
 * The directory settings and group mappings, changed the one way configuration changes: with a
 * CONFIG_CHANGED entry (entity {@code directory} or {@code directory-group}) in the same
 * transaction. The audit log learns only that the bind password is set or changed.
 *
 * <p>Errors as in core's {@code Administration}: {@link IllegalArgumentException} for bad input
 * (message starts with the field), {@link NoSuchElementException} for something that does not
 * exist, {@link IllegalStateException} for a conflict with what is stored.
 */
public final class DirectoryAdministration {

    public static final int MAX_PASSWORD_LENGTH = 256;
    public static final Duration MIN_SCHEDULE = Duration.ofSeconds(10);
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)?");

    private final Storage storage;
    private final PasswordSealer sealer;
    private final Clock clock;

    /** @param sealer used only when a password is given (the bind password, the trust store's) */
    public DirectoryAdministration(Storage storage, PasswordSealer sealer, Clock clock) {
        this.storage = storage;
        this.sealer = sealer;
        this.clock = clock;
    }

    /**
     * What {@code directory configure} sets; null leaves a setting as it is (the first configure
     * needs url, bind DN, bind password and base DN). An empty user filter or trust store goes back
     * to the default; {@code map} entries are merged into the stored overrides ({@code field=}
     * removes one).
     */
    public record Configure(String url, Boolean startTls, String bindDn, char[] bindPassword, String baseDn, String userFilter,
                            String flavor, List<String> map, String defaultProfile, String schedule, Integer maxDisablePercent,
                            String trustStore, char[] trustStorePassword, String connectTimeout, String readTimeout,
                            Boolean allowPlainBind) {
    }

    public DirectorySettings configure(String actor, Configure c) {
        // everything that needs no database first, so bad input is answered at once
        String url = c.url() == null ? null : LdapConnector.parseUrl(c.url()).toString();
        String bindDn = c.bindDn() == null ? null : dn(c.bindDn(), "bind-dn");
        String baseDn = c.baseDn() == null ? null : dn(c.baseDn(), "base-dn");
        String userFilter = c.userFilter() == null ? null : c.userFilter().isBlank() ? "" : DirectorySetup.parseFilter(c.userFilter()).toString();
        DirectoryFlavor flavor = c.flavor() == null ? null : DirectoryFlavor.parse(c.flavor());
        Map<String, List<String>> map = c.map() == null ? Map.of() : AttributeMap.parseOverrides(c.map());
        Duration schedule = c.schedule() == null ? null : parseSchedule(c.schedule());
        Duration connectTimeout = c.connectTimeout() == null ? null : parseDuration("connect-timeout", c.connectTimeout());
        Duration readTimeout = c.readTimeout() == null ? null : parseDuration("read-timeout", c.readTimeout());
        if (c.maxDisablePercent() != null && (c.maxDisablePercent() < 0 || c.maxDisablePercent() > 100)) {
            throw new IllegalArgumentException("max-disable-percent: 0 to 100, got " + c.maxDisablePercent());
        }
        if (c.defaultProfile() != null && c.defaultProfile().isBlank()) {
            throw new IllegalArgumentException("default-profile: must not be empty");
        }
        password(c.bindPassword(), "bind-password");
        password(c.trustStorePassword(), "trust-store-password");
        String trustStore = c.trustStore() == null ? null : c.trustStore().isBlank() ? "" : checkTrustStore(c.trustStore(), c.trustStorePassword());
        if (c.trustStorePassword() != null && c.trustStore() == null) {
            throw new IllegalArgumentException("trust-store-password: give it with --trust-store");
        }
        String sealedBind = c.bindPassword() == null ? null : sealer.seal(DirectorySettings.BIND_PASSWORD_PURPOSE, c.bindPassword());
        String sealedTrust = c.trustStorePassword() == null ? null
                : sealer.seal(DirectorySettings.TRUST_STORE_PASSWORD_PURPOSE, c.trustStorePassword());

        return storage.inTransaction(tx -> {
            DirectorySettings before = tx.directory().settingsForUpdate().orElse(null);
            if (before == null) {
                for (Object[] required : new Object[][] {{url, "url"}, {bindDn, "bind-dn"}, {sealedBind, "bind-password"}, {baseDn, "base-dn"}}) {
                    if (required[0] == null) {
                        throw new IllegalArgumentException(required[1] + ": required when the directory is first configured");
                    }
                }
            }
            Map<String, List<String>> overrides = new LinkedHashMap<>(before == null ? Map.of() : before.attributeMap());
            map.forEach((field, attrs) -> {
                if (attrs.isEmpty()) {
                    overrides.remove(field);
                } else {
                    overrides.put(field, attrs);
                }
            });
            String storeAfter = trustStore == null ? (before == null ? null : before.trustStorePath()) : trustStore;
            String storePasswordAfter = trustStore == null ? (before == null ? null : before.trustStorePasswordSealed())
                    : trustStore.isEmpty() ? null : sealedTrust;
            DirectorySettings after = new DirectorySettings(
                    pick(url, before == null ? null : before.url()),
                    pick(c.startTls(), before != null && before.startTls()),
                    pick(bindDn, before == null ? null : before.bindDn()),
                    pick(sealedBind, before == null ? null : before.bindPasswordSealed()),
                    pick(baseDn, before == null ? null : before.baseDn()),
                    userFilter == null ? (before == null ? null : before.userFilter()) : userFilter,
                    pick(flavor, before == null ? DirectoryFlavor.AD : before.flavor()),
                    overrides,
                    pick(c.defaultProfile(), before == null ? org.palisade.core.rights.RightsProfile.DEFAULT : before.defaultProfile()),
                    pick(schedule, before == null ? DirectorySettings.DEFAULT_SCHEDULE : before.schedule()),
                    pick(c.maxDisablePercent(), before == null ? DirectorySettings.DEFAULT_MAX_DISABLE_PERCENT : before.maxDisablePercent()),
                    storeAfter, storePasswordAfter,
                    pick(connectTimeout, before == null ? null : before.connectTimeout()),
                    pick(readTimeout, before == null ? null : before.readTimeout()),
                    pick(c.allowPlainBind(), before != null && before.allowPlainBind()));
            LdapConnector.requireSafeBind(LdapConnector.parseUrl(after.url()), after.startTls(), after.allowPlainBind());
            if (c.defaultProfile() != null) {
                requireProfile(tx, after.defaultProfile(), "default-profile");
            }
            tx.directory().saveSettings(after);
            Map<String, Object> shown = after.describe();
            if (sealedBind != null && before != null) {
                shown.put("bindPassword", "changed");
            }
            if (sealedTrust != null && before != null && before.trustStorePasswordSealed() != null) {
                shown.put("trustStorePassword", "changed");
            }
            ConfigChanges.record(tx, clock.millis(), actor, "directory", "settings", before == null ? "configure" : "set",
                    before == null ? null : before.describe(), shown);
            return after;
        });
    }

    /** Members of {@code groupDn} (nested groups included) get {@code profile}, unless a group of lower rank says otherwise. */
    public GroupMapping mapProfile(String actor, String groupDn, String profile, Integer rank) {
        GroupMapping m = new GroupMapping(Dns.normalize(groupDn, "group"), GroupMapping.Kind.PROFILE, profile, rank == null ? GroupMapping.DEFAULT_RANK : rank);
        return storage.inTransaction(tx -> {
            requireProfile(tx, m.target(), "profile");
            return put(tx, actor, m);
        });
    }

    /** Members of {@code groupDn} get the web role (used by the logins with directory credentials). */
    public GroupMapping mapRole(String actor, String groupDn, String role) {
        GroupMapping m = new GroupMapping(Dns.normalize(groupDn, "group"), GroupMapping.Kind.ROLE, role, 0);
        return storage.inTransaction(tx -> put(tx, actor, m));
    }

    /**
     * Removes every mapping of the group (profile and role).
     *
     * @return how many there were
     * @throws NoSuchElementException when the group is not mapped
     */
    public int unmapGroup(String actor, String groupDn) {
        String dn = Dns.normalize(groupDn, "group");
        return storage.inTransaction(tx -> {
            List<Map<String, Object>> before = new ArrayList<>();
            tx.directory().groupMappings().stream().filter(m -> m.groupDn().equals(dn)).forEach(m -> before.add(describe(m)));
            if (before.isEmpty()) {
                throw new NoSuchElementException("group " + dn + " is not mapped");
            }
            int n = tx.directory().deleteGroupMappings(dn);
            ConfigChanges.record(tx, clock.millis(), actor, "directory-group", dn, "unmap", Map.of("mappings", before), null);
            return n;
        });
    }

    public Optional<DirectorySettings> settings() {
        return storage.inTransaction(tx -> tx.directory().settings());
    }

    public List<GroupMapping> groupMappings() {
        return storage.inTransaction(tx -> tx.directory().groupMappings());
    }

    public Optional<DirectorySyncStatus> status() {
        return storage.inTransaction(tx -> tx.directory().status());
    }

    /** How many extensions the directory manages (links with a person), and how many of them are enabled. */
    public record Managed(int extensions, int enabled) {
    }

    public Managed managed() {
        return storage.inTransaction(tx -> {
            int all = 0;
            int enabled = 0;
            for (var link : tx.directory().links()) {
                if (link.directoryKey() != null) {
                    all++;
                    if (tx.extensions().find(link.extension()).map(e -> e.enabled()).orElse(false)) {
                        enabled++;
                    }
                }
            }
            return new Managed(all, enabled);
        });
    }

    /**
     * {@code 15m}, {@code 1h}, {@code 90s}, {@code 2d}, or {@code off} / {@code 0} for no scheduled
     * sync; at least {@link #MIN_SCHEDULE} otherwise.
     */
    public static Duration parseSchedule(String text) {
        if (text.trim().equalsIgnoreCase("off")) {
            return Duration.ZERO;
        }
        Duration d = parseDuration("schedule", text);
        if (!d.isZero() && d.compareTo(MIN_SCHEDULE) < 0) {
            throw new IllegalArgumentException("schedule: at least " + MIN_SCHEDULE.toSeconds() + "s, or off");
        }
        return d;
    }

    /** {@code 500ms}, {@code 30s}, {@code 15m}, {@code 1h}, {@code 1d}; a bare number is seconds. */
    public static Duration parseDuration(String field, String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(field + ": a duration such as 30s, 15m or 1h, got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
    }

    private GroupMapping put(Transaction tx, String actor, GroupMapping m) {
        GroupMapping before = tx.directory().groupMappings().stream()
                .filter(g -> g.groupDn().equals(m.groupDn()) && g.kind() == m.kind()).findFirst().orElse(null);
        tx.directory().putGroupMapping(m);
        ConfigChanges.record(tx, clock.millis(), actor, "directory-group", m.groupDn(), "map", before == null ? null : describe(before),
                describe(m));
        return m;
    }

    private static Map<String, Object> describe(GroupMapping m) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put(m.kind().label(), m.target());
        if (m.kind() == GroupMapping.Kind.PROFILE) {
            d.put("rank", m.rank());
        }
        return d;
    }

    private static void requireProfile(Transaction tx, String profile, String field) {
        if (tx.profiles().find(profile).isEmpty()) {
            throw new IllegalArgumentException(field + ": '" + profile + "' does not exist");
        }
    }

    private static String dn(String dn, String field) {
        String normalized = Dns.normalize(dn, field);
        if (normalized.isEmpty()) {
            throw new IllegalArgumentException(field + ": a DN is required");
        }
        return dn.trim();
    }

    private static void password(char[] p, String field) {
        if (p != null && (p.length == 0 || p.length > MAX_PASSWORD_LENGTH)) {
            throw new IllegalArgumentException(field + ": 1 to " + MAX_PASSWORD_LENGTH + " characters");
        }
    }

    private static String checkTrustStore(String path, char[] password) {
        Path p = Path.of(path).toAbsolutePath().normalize();
        if (!Files.isReadable(p) || Files.isDirectory(p)) {
            throw new IllegalArgumentException("trust-store: cannot read " + p);
        }
        try {
            KeyStore ks = KeyStore.getInstance(new File(p.toString()), password);
            if (ks.size() == 0) {
                throw new IllegalArgumentException("trust-store: " + p + " holds no certificate");
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("trust-store: cannot open " + p + " (wrong --trust-store-password, or not a JKS or PKCS#12"
                    + " file): " + e.getMessage());
        }
        return p.toString();
    }

    private static <T> T pick(T given, T stored) {
        return given != null ? given : stored;
    }
}
