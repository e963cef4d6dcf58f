package org.palisade.sip;

import java.nio.file.Path;

/**
 * Where the SIP stack listens. A port of 0 leaves that transport off.
 *
 * @param threads worker threads that run requests through the route (the stack's reentrant listener)
 * @param tlsPort SIP over TLS (RFC 3261 26.2, usually 5061); 0 is off
 * @param tlsKeystore the PKCS#12 file with Palisade's private key and certificate chain; needed when {@code tlsPort > 0}
 * @param tlsKeystorePassword its password (also the key's: keytool makes them the same for PKCS#12)
 */
public record SipSettings(String address, int udpPort, int tcpPort, String domain, int threads,
                          int tlsPort, Path tlsKeystore, String tlsKeystorePassword) {

    /** UDP and TCP only, no TLS. */
    public SipSettings(String address, int udpPort, int tcpPort, String domain, int threads) {
        this(address, udpPort, tcpPort, domain, threads, 0, null, null);
    }

    public SipSettings {
        if (udpPort < 0 || udpPort > 65535 || tcpPort < 0 || tcpPort > 65535) {
            throw new IllegalArgumentException("sip.udp-port/sip.tcp-port: must be 0-65535");
        }
        if (tlsPort < 0 || tlsPort > 65535) {
            throw new IllegalArgumentException("sip.tls-port: must be 0-65535");
        }
        if (udpPort == 0 && tcpPort == 0 && tlsPort == 0) {
            throw new IllegalArgumentException("sip.udp-port/sip.tcp-port: at least one transport must be on");
        }
        if (tlsPort > 0 && tlsPort == tcpPort) {
            throw new IllegalArgumentException("sip.tls-port: " + tlsPort + " is already sip.tcp-port (TLS needs a port of its own, usually 5061)");
        }
        if (tlsPort > 0 && tlsKeystore == null) {
            throw new IllegalArgumentException("sip.tls-keystore: required when sip.tls-port is set (a PKCS#12 file, see the README)");
        }
    }

    public boolean tls() {
        return tlsPort > 0;
    }

    /** Is {@code port} one Palisade listens on, whatever the transport? */
    public boolean isOurPort(int port) {
        return port == udpPort || port == tcpPort || (tlsPort > 0 && port == tlsPort);
    }

    /** Without the keystore password, so that settings can be logged. */
    @Override
    public String toString() {
        return "SipSettings[address=" + address + ", udp=" + udpPort + ", tcp=" + tcpPort + ", tls=" + tlsPort
                + (tlsKeystore == null ? "" : ", keystore=" + tlsKeystore) + ", domain=" + domain + ", threads=" + threads + "]";
    }
}
