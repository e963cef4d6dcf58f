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
     * RFC 3261 8.1.2 / RFC 3263 without DNS: the URI's host and port (5060 when absent, 5061 for
     * TLS) and its transport parameter (UDP when absent; a sips: URI is always TLS, 26.2.2).
     * Palisade resolves no names: targets are IP addresses of registered phones and of Palisade
     * itself.
     */
    public static NextHop of(URI uri) {
        if (!(uri instanceof SipURI sip)) {
            throw new IllegalArgumentException("not a sip: URI: " + uri);
        }
        String host = sip.getMAddrParam() != null ? sip.getMAddrParam() : sip.getHost();
        String transport = sip.isSecure() ? "TLS" : sip.getTransportParam();
        return new NextHop(host, sip.getPort() > 0 ? sip.getPort() : defaultPort(transport), transport);
    }

    /** 5061 for TLS, else 5060 (RFC 3261 19.1.2). */
    public static int defaultPort(String transport) {
        return "TLS".equalsIgnoreCase(transport) ? 5061 : 5060;
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
