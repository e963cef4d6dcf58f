package org.palisade.core.directory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How Palisade reaches the company directory, as stored (one row). Secrets are kept sealed (see
 * {@link org.palisade.core.trunk.PasswordSealer}, purposes {@link #BIND_PASSWORD_PURPOSE} and
 * {@link #TRUST_STORE_PASSWORD_PURPOSE}) and never leave through {@link #describe()}.
 *
 * <p>The directory module checks the LDAP syntax of what is stored here (URL, DNs, filter,
 * attribute names); this record only keeps the values in range.
 *
 * @param url                    {@code ldap://HOST[:PORT]} or {@code ldaps://HOST[:PORT]}
 * @param startTls               upgrade an {@code ldap://} connection with StartTLS before binding
 * @param userFilter             which entries are people; null: the flavor's default
 * @param attributeMap           overrides of the flavor's mapping: field (login, number, ...) to the
 *                               attributes tried in order; empty for none
 * @param defaultProfile         the rights profile of people no mapped group gives one
 * @param schedule               how often {@code serve} syncs; {@link Duration#ZERO}: never by itself
 * @param maxDisablePercent      a run that would disable more than this share of the directory's
 *                               enabled extensions stops unless forced
 * @param trustStorePath         trust store for LDAPS and StartTLS; null: the JVM's default trust
 * @param allowPlainBind         allow a simple bind over an unencrypted connection to a host that is
 *                               not loopback (the password crosses the network readable)
 */
public record DirectorySettings(String url, boolean startTls, String bindDn, String bindPasswordSealed, String baseDn,
                                String userFilter, DirectoryFlavor flavor, Map<String, List<String>> attributeMap,
                                String defaultProfile, Duration schedule, int maxDisablePercent, String trustStorePath,
                                String trustStorePasswordSealed, Duration connectTimeout, Duration readTimeout,
                                boolean allowPlainBind) {

    public static final String BIND_PASSWORD_PURPOSE = "directory:bind";
    public static final String TRUST_STORE_PASSWORD_PURPOSE = "directory:trust-store";
    public static final Duration DEFAULT_SCHEDULE = Duration.ofMinutes(15);
    public static final int DEFAULT_MAX_DISABLE_PERCENT = 20;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

    public DirectorySettings {
        Objects.requireNonNull(flavor, "flavor");
        require(url, "url");
        require(bindDn, "bind-dn");
        require(baseDn, "base-dn");
        require(defaultProfile, "default-profile");
        if (bindPasswordSealed == null || bindPasswordSealed.isEmpty()) {
            throw new IllegalArgumentException("bind-password: required");
        }
        userFilter = userFilter == null || userFilter.isBlank() ? null : userFilter.trim();
        trustStorePath = trustStorePath == null || trustStorePath.isBlank() ? null : trustStorePath;
        if (trustStorePath == null) {
            trustStorePasswordSealed = null;
        }
        attributeMap = attributeMap == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributeMap));
        schedule = schedule == null ? DEFAULT_SCHEDULE : schedule;
        if (schedule.isNegative()) {
            throw new IllegalArgumentException("schedule: must not be negative");
        }
        if (maxDisablePercent < 0 || maxDisablePercent > 100) {
            throw new IllegalArgumentException("max-disable-percent: 0 to 100, got " + maxDisablePercent);
        }
        connectTimeout = positive(connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout, "connect-timeout");
        readTimeout = positive(readTimeout == null ? DEFAULT_READ_TIMEOUT : readTimeout, "read-timeout");
    }

    /** Whether the scheduled sync in {@code serve} runs at all. */
    public boolean scheduled() {
        return !schedule.isZero();
    }

    /** What the audit log and {@code directory status} may show: the passwords only as "set". */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", url);
        m.put("startTls", startTls);
        m.put("bindDn", bindDn);
        m.put("bindPassword", "set");
        m.put("baseDn", baseDn);
        m.put("userFilter", userFilter);
        m.put("flavor", flavor.label());
        Map<String, String> map = new LinkedHashMap<>();
        attributeMap.forEach((field, attributes) -> map.put(field, String.join(",", attributes)));
        m.put("map", map);
        m.put("defaultProfile", defaultProfile);
        m.put("schedule", schedule.isZero() ? "off" : text(schedule));
        m.put("maxDisablePercent", maxDisablePercent);
        m.put("trustStore", trustStorePath);
        m.put("trustStorePassword", trustStorePasswordSealed == null ? null : "set");
        m.put("connectTimeout", text(connectTimeout));
        m.put("readTimeout", text(readTimeout));
        m.put("allowPlainBind", allowPlainBind);
        return m;
    }

    /** As admins write it: {@code 15m}, {@code 1h}, {@code 30s}, {@code 500ms}. */
    public static String text(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": required");
        }
    }

    private static Duration positive(Duration d, String field) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + ": must be positive");
        }
        return d;
    }
}
