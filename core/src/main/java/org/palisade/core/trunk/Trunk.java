package org.palisade.core.trunk;

import java.util.regex.Pattern;

/**
 * A SIP trunk to the PBX (or a carrier), named in lower case. A static trunk is trusted by its peer's address; a
 * registering one ({@code register}) is one Palisade registers to with digest credentials. A
 * static trunk may carry credentials too, to answer the peer's challenges to our INVITEs.
 *
 * <p>The password is recoverable (it must answer challenges), so it is kept only as
 * {@code encryptedPassword}, sealed by a {@link PasswordSealer}; nothing else about it is stored.
 *
 * @param peerPort  null: none given, the SIP side picks the transport's default (or SRV)
 * @param maxCalls  simultaneous calls allowed, 0 for no limit
 * @param priority  0 to 1000, lower is preferred where no route gives an order
 */
public record Trunk(String name, String peerHost, Integer peerPort, Transport transport, boolean register, String username,
                    String encryptedPassword, int maxCalls, int priority, boolean enabled) {

    public static final int DEFAULT_PRIORITY = 100;
    /** Not a name a new trunk may take: the web API's path for all trunks' live state. */
    public static final String RESERVED_NAME = "status";
    public static final int MAX_CALLS_LIMIT = 100_000;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=%-]{1,64}");

    public Trunk {
        name = canonicalName(name);
        new Peer(peerHost, peerPort);
        if (transport == null) {
            throw new IllegalArgumentException("transport: required, udp, tcp or tls");
        }
        if (username != null && !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("username: 1-64 characters allowed in a SIP user name (no spaces, '@' or ':')");
        }
        if (encryptedPassword != null && (encryptedPassword.isBlank() || encryptedPassword.length() > 1024)) {
            throw new IllegalArgumentException("encryptedPassword: 1 to 1024 characters of sealed text");
        }
        if (register && username == null) {
            throw new IllegalArgumentException("username: required for a registering trunk");
        }
        if (username != null && encryptedPassword == null) {
            throw new IllegalArgumentException("password: required with a username");
        }
        if (username == null && encryptedPassword != null) {
            throw new IllegalArgumentException("username: required with a password");
        }
        if (maxCalls < 0 || maxCalls > MAX_CALLS_LIMIT) {
            throw new IllegalArgumentException("maxCalls: 0 (no limit) to " + MAX_CALLS_LIMIT + ", got " + maxCalls);
        }
        if (priority < 0 || priority > 1000) {
            throw new IllegalArgumentException("priority: 0 to 1000, got " + priority);
        }
    }

    /** @return the name as stored: checked, in lower case */
    public static String canonicalName(String name) {
        return Names.canonical("name", name);
    }

    public Peer peer() {
        return new Peer(peerHost, peerPort);
    }

    public boolean hasCredentials() {
        return encryptedPassword != null;
    }

    /** Never the sealed password: records print themselves into logs and exception messages. */
    @Override
    public String toString() {
        return "Trunk[name=" + name + ", peer=" + peer() + ", transport=" + transport.label() + ", register=" + register
                + ", username=" + username + ", password=" + (hasCredentials() ? "(sealed)" : "none") + ", maxCalls=" + maxCalls
                + ", priority=" + priority + ", enabled=" + enabled + "]";
    }
}
