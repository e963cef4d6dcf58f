package org.palisade.relay.sdp;

import java.net.InetAddress;
import org.palisade.relay.engine.IpLiteral;

/**
 * The address of a {@code c=} line ({@code IN IP4 192.0.2.1}) or of a full {@code a=rtcp:}.
 *
 * @param addressType {@code IP4} or {@code IP6}
 * @param address     the address as written (multicast TTL and count dropped)
 * @param inet        the address, or null when it is a host name (never resolved: latching will find the party)
 */
public record Connection(String addressType, String address, InetAddress inet) {

    /** @return whether this is the old hold notation 0.0.0.0 (or ::), which must pass unchanged */
    public boolean isZero() {
        return inet != null && inet.isAnyLocalAddress();
    }

    /** Parses {@code IN IP4 ADDRESS}; {@code what} names the line in the error. */
    static Connection parse(String value, int line, String what) {
        String[] f = value.trim().split(" +");
        if (f.length != 3 || !f[0].equals("IN") || !(f[1].equals("IP4") || f[1].equals("IP6"))) {
            throw SdpException.at(line, what + " must be 'IN IP4 ADDRESS' or 'IN IP6 ADDRESS', not '" + value + "'");
        }
        String address = f[2];
        int slash = address.indexOf('/');
        if (slash >= 0) {
            address = address.substring(0, slash);
        }
        if (address.isEmpty()) {
            throw SdpException.at(line, what + " has no address");
        }
        InetAddress inet = IpLiteral.tryParse(address);
        if (inet != null && !(inet instanceof java.net.Inet4Address == f[1].equals("IP4"))) {
            throw SdpException.at(line, what + " says " + f[1] + " but " + address + " is not");
        }
        return new Connection(f[1], address, inet);
    }

    static String format(InetAddress a) {
        return "IN " + (a instanceof java.net.Inet4Address ? "IP4 " : "IP6 ") + IpLiteral.format(a);
    }
}
