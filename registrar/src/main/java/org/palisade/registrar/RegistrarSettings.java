package org.palisade.registrar;

import java.time.Duration;
import java.util.List;

/**
 * @param realm          the digest realm, normally the SIP domain; HA1 hashes are bound to it
 * @param minExpires     shorter registrations get 423 Interval Too Brief
 * @param maxExpires     longer ones are clamped to this
 * @param defaultExpires when the phone names no expiry
 * @param maxContacts    contacts one extension may have bound at once
 * @param resyncInterval how often the in-memory view is reloaded from the database, to see
 *                       other nodes' and the CLI's changes
 * @param digestAlgorithms the algorithms challenged with, in the order offered; phones that
 *                       take the first challenge (SIPp 3.6 does) need MD5 first
 */
public record RegistrarSettings(String realm, int minExpires, int maxExpires, int defaultExpires, int maxContacts,
                                Duration nonceLifetime, int lockoutMaxFailures, Duration lockoutWindow,
                                Duration lockoutDuration, Duration resyncInterval, List<String> digestAlgorithms) {

    /** RFC 8760: strongest first. */
    public static final List<String> DEFAULT_ALGORITHMS = List.of("SHA-256", "MD5");

    public RegistrarSettings(String realm, int minExpires, int maxExpires, int defaultExpires, int maxContacts,
                             Duration nonceLifetime, int lockoutMaxFailures, Duration lockoutWindow,
                             Duration lockoutDuration, Duration resyncInterval) {
        this(realm, minExpires, maxExpires, defaultExpires, maxContacts, nonceLifetime, lockoutMaxFailures, lockoutWindow,
                lockoutDuration, resyncInterval, DEFAULT_ALGORITHMS);
    }

    public RegistrarSettings {
        digestAlgorithms = List.copyOf(digestAlgorithms);
        if (digestAlgorithms.isEmpty() || !DEFAULT_ALGORITHMS.containsAll(digestAlgorithms)
                || digestAlgorithms.stream().distinct().count() != digestAlgorithms.size()) {
            throw new IllegalArgumentException("auth.algorithms: one or both of SHA-256 and MD5, comma-separated, got " + digestAlgorithms);
        }
        if (minExpires < 1 || maxExpires < minExpires) {
            throw new IllegalArgumentException("registrar.min-expires/max-expires: need 1 <= min <= max");
        }
        if (defaultExpires < minExpires || defaultExpires > maxExpires) {
            throw new IllegalArgumentException("registrar.default-expires: must lie between min-expires and max-expires");
        }
        if (lockoutMaxFailures < 1) {
            throw new IllegalArgumentException("lockout.max-failures: at least 1");
        }
    }

    public static RegistrarSettings defaults(String realm) {
        return new RegistrarSettings(realm, 60, 3600, 3600, 10, Duration.ofMinutes(5), 5, Duration.ofMinutes(10),
                Duration.ofMinutes(15), Duration.ofSeconds(10));
    }
}
