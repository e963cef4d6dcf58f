package org.palisade.sip;

/**
 * Where the SIP stack listens. A port of 0 leaves that transport off.
 *
 * @param threads worker threads that run requests through the route (the stack's reentrant listener)
 */
public record SipSettings(String address, int udpPort, int tcpPort, String domain, int threads) {

    public SipSettings {
        if (udpPort < 0 || udpPort > 65535 || tcpPort < 0 || tcpPort > 65535) {
            throw new IllegalArgumentException("sip.udp-port/sip.tcp-port: must be 0-65535");
        }
        if (udpPort == 0 && tcpPort == 0) {
            throw new IllegalArgumentException("sip.udp-port/sip.tcp-port: at least one transport must be on");
        }
    }
}
