package org.palisade.core.trunk;

import java.util.regex.Pattern;

/**
 * A trunk's far end as an admin writes it: {@code HOST}, {@code HOST:PORT}, or an IPv6 literal in
 * brackets. A missing port stays missing (null) rather than becoming 5060: RFC 3263 lets the SIP
 * side look up SRV records for a name without a port, and the default differs for TLS.
 */
public record Peer(String host, Integer port) {

    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    public Peer {
        requireHost(host);
        if (port != null && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("peer: port 1 to 65535, got " + port);
        }
    }

    public static Peer parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("peer: required, HOST or HOST:PORT");
        }
        String s = text.trim();
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("peer: unclosed '[' in '" + text + "'");
            }
            String rest = s.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw new IllegalArgumentException("peer: expected [IPv6]:PORT, got '" + text + "'");
            }
            return new Peer(s.substring(1, close), rest.isEmpty() ? null : port(rest.substring(1), text));
        }
        int colon = s.indexOf(':');
        if (colon >= 0 && colon == s.lastIndexOf(':')) {
            return new Peer(s.substring(0, colon), port(s.substring(colon + 1), text));
        }
        return new Peer(s, null); // no colon, or a bare IPv6 address
    }

    static void requireHost(String host) {
        boolean ok = host != null && (HOSTNAME.matcher(host).matches() || host.contains(":") && IPV6.matcher(host).matches());
        if (!ok) {
            throw new IllegalArgumentException("peer: not a host name or IP address: '" + host + "'");
        }
    }

    private static int port(String digits, String whole) {
        if (!digits.matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("peer: port 1 to 65535, got '" + whole + "'");
        }
        return Integer.parseInt(digits);
    }

    @Override
    public String toString() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return port == null ? h : h + ":" + port;
    }
}
