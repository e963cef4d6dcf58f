package org.palisade.sip;

import java.util.Locale;
import javax.sip.address.Hop;
import javax.sip.address.SipURI;
import javax.sip.address.URI;

/**
 * Where the next copy of a request is physically sent: an address, a port and a transport.
 * This is not always what the message names: a phone behind NAT is reached at the address its
 * REGISTER came from, not at the private address in its Contact.
 */
public record NextHop(String host, int port, String transport) implements Hop {

    public NextHop {
        transport = transport == null ? "UDP" : transport.toUpperCase(Locale.ROOT);
    }

    /**
     * RFC 3261 8.1.2 / RFC 3263 without DNS: the URI's host and port (5060 when absent) and its
     * transport parameter (UDP when absent). Palisade resolves no names: targets are IP
     * addresses of registered phones and of Palisade itself.
     */
    public static NextHop of(URI uri) {
        if (!(uri instanceof SipURI sip)) {
            throw new IllegalArgumentException("not a sip: URI: " + uri);
        }
        String host = sip.getMAddrParam() != null ? sip.getMAddrParam() : sip.getHost();
        return new NextHop(host, sip.getPort() > 0 ? sip.getPort() : 5060, sip.getTransportParam());
    }

    public static NextHop of(Source source) {
        return new NextHop(source.host(), source.port(), source.transport());
    }

    @Override
    public String getHost() {
        return host;
    }

    @Override
    public int getPort() {
        return port;
    }

    @Override
    public String getTransport() {
        return transport;
    }

    @Override
    public String toString() {
        return host + ":" + port + "/" + transport;
    }
}
