package org.palisade.relay.engine;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.util.Objects;

/**
 * Where a relay's media sockets live: the local address they bind to and the address written into
 * SDP. The two differ behind a 1:1 NAT (a cloud host's private and public address), as in
 * rtpengine's {@code --interface=LOCAL!ADVERTISED}.
 */
public record MediaInterface(InetAddress local, InetAddress advertised) {

    public MediaInterface {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(advertised, "advertised");
        if (family(local) != family(advertised)) {
            throw new IllegalArgumentException("advertise: " + IpLiteral.format(local) + "!" + IpLiteral.format(advertised)
                    + " mixes IPv4 and IPv6");
        }
        if (local.isAnyLocalAddress()) {
            // replies must leave from the address the phones were told, which a wildcard socket cannot promise
            throw new IllegalArgumentException("advertise: media cannot bind to the wildcard address " + IpLiteral.format(local));
        }
    }

    public static MediaInterface of(InetAddress address) {
        return new MediaInterface(address, address);
    }

    /**
     * Parses {@code ADDRESS} or {@code LOCAL!ADVERTISED}, IP literals only: a host name would make
     * the relay depend on DNS at every start.
     */
    public static MediaInterface parse(String spec) {
        String s = spec == null ? "" : spec.trim();
        int bang = s.indexOf('!');
        if (bang < 0) {
            return of(IpLiteral.parse(s, "advertise"));
        }
        return new MediaInterface(IpLiteral.parse(s.substring(0, bang), "advertise"), IpLiteral.parse(s.substring(bang + 1), "advertise"));
    }

    public ProtocolFamily family() {
        return family(local);
    }

    public static ProtocolFamily family(InetAddress a) {
        return a instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }

    @Override
    public String toString() {
        String l = IpLiteral.format(local);
        return local.equals(advertised) ? l : l + "!" + IpLiteral.format(advertised);
    }
}
