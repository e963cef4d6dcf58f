package org.palisade.core.relay;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A relay node the proxy may anchor calls on: an rtpengine, or a Palisade relay, reached over
 * the ng control protocol at {@code ngHost:ngPort}. Among healthy nodes, new calls go to each
 * in proportion to its weight.
 *
 * <p>The name is kept in lower case: MariaDB compares names case-insensitively and H2 does not,
 * so mixed case would let "Relay1" and "relay1" coexist on one database and not the other.
 * {@code ngHost} is a name or an IP address, an IPv6 one without brackets.
 */
public record RelayNode(String name, String ngHost, int ngPort, int weight) {

    public static final int DEFAULT_WEIGHT = 100;
    public static final int MAX_WEIGHT = 1000;

    private static final Pattern NAME = Pattern.compile("[a-z0-9._-]{1,64}");
    // Letters, digits and the punctuation of DNS names and IP literals (':' and a '%' zone for IPv6).
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:%_-]{1,255}");

    public RelayNode {
        name = name == null ? null : name.toLowerCase(Locale.ROOT);
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: 1-64 letters, digits, '.', '_' or '-'");
        }
        if (ngHost == null || !HOST.matcher(ngHost).matches()) {
            throw new IllegalArgumentException("ng: host '" + ngHost + "' is not a host name or IP address");
        }
        if (ngPort < 1 || ngPort > 65535) {
            throw new IllegalArgumentException("ng: port " + ngPort + " is not between 1 and 65535");
        }
        if (weight < 1 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException("weight: " + weight + " is not between 1 and " + MAX_WEIGHT);
        }
    }

    /**
     * A node from its ng address as admins write it: {@code HOST:PORT}, with an IPv6 host in
     * brackets ({@code [::1]:2223}).
     *
     * @throws IllegalArgumentException starting with the field ("ng: ...") that is wrong
     */
    public static RelayNode parse(String name, String ngAddress, int weight) {
        if (ngAddress == null || ngAddress.isBlank()) {
            throw new IllegalArgumentException("ng: HOST:PORT is required");
        }
        String host;
        String port;
        if (ngAddress.startsWith("[")) {
            int close = ngAddress.indexOf("]:");
            if (close < 0) {
                throw new IllegalArgumentException("ng: '" + ngAddress + "' is not [IPV6]:PORT");
            }
            host = ngAddress.substring(1, close);
            port = ngAddress.substring(close + 2);
        } else {
            int colon = ngAddress.lastIndexOf(':');
            if (colon < 0 || ngAddress.indexOf(':') != colon) {
                throw new IllegalArgumentException("ng: '" + ngAddress + "' is not HOST:PORT (an IPv6 address goes in brackets: [::1]:2223)");
            }
            host = ngAddress.substring(0, colon);
            port = ngAddress.substring(colon + 1);
        }
        if (!port.matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("ng: port '" + port + "' is not a number between 1 and 65535");
        }
        return new RelayNode(name, host, Integer.parseInt(port), weight);
    }

    /** {@code HOST:PORT}, the form {@link #parse} reads. */
    public String ngAddress() {
        return (ngHost.indexOf(':') >= 0 ? "[" + ngHost + "]" : ngHost) + ":" + ngPort;
    }
}
