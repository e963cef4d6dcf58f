package org.palisade.relay.node;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.palisade.relay.engine.IpLiteral;
import org.palisade.relay.engine.MediaInterface;

/**
 * What a relay node needs to run. Every check throws {@link IllegalArgumentException} whose
 * message starts with the field it is about ({@code ports: ...}), as the CLI reports bad input.
 *
 * @param ngHost        IP address the ng control socket listens on (a literal, never resolved)
 * @param ngPort        its UDP port; 0 picks a free one (tests)
 * @param portMin       lowest media port
 * @param portMax       highest media port
 * @param advertise     media addresses, each {@code ADDRESS} or {@code LOCAL!ADVERTISED} (rtpengine's
 *                      {@code --interface} notation, for 1:1 NAT), at most one IPv4 and one IPv6;
 *                      empty means {@code ngHost}
 * @param ioThreads     I/O threads relaying packets
 * @param orphanTimeout a call with neither packets nor signalling for this long is deleted
 */
public record RelaySettings(String ngHost, int ngPort, int portMin, int portMax, List<String> advertise, int ioThreads,
                            Duration orphanTimeout) {

    public static final int DEFAULT_NG_PORT = 2223;
    public static final Duration DEFAULT_ORPHAN_TIMEOUT = Duration.ofHours(1);

    public RelaySettings {
        InetAddress ng = IpLiteral.parse(ngHost, "ng");
        if (ngPort < 0 || ngPort > 65_535) {
            throw new IllegalArgumentException("ng: port " + ngPort + " is not within 0-65535");
        }
        if (portMin < 1 || portMax > 65_535 || portMin >= portMax) {
            throw new IllegalArgumentException("ports: " + portMin + "-" + portMax + " must be FROM-TO with 1 <= FROM < TO <= 65535");
        }
        if ((portMin + 1) / 2 * 2 + 1 > portMax) {
            throw new IllegalArgumentException("ports: " + portMin + "-" + portMax + " holds no even RTP port with its RTCP port above it");
        }
        advertise = advertise == null ? List.of() : List.copyOf(advertise);
        if (advertise.isEmpty() && ng.isAnyLocalAddress()) {
            throw new IllegalArgumentException("advertise: required when ng listens on the wildcard address " + ngHost);
        }
        List<MediaInterface> parsed = new ArrayList<>();
        for (String a : advertise) {
            MediaInterface i = MediaInterface.parse(a);
            if (parsed.stream().anyMatch(p -> p.family() == i.family())) {
                throw new IllegalArgumentException("advertise: at most one IPv4 and one IPv6 address, not '" + String.join(",", advertise) + "'");
            }
            parsed.add(i);
        }
        if (ioThreads < 1 || ioThreads > 1024) {
            throw new IllegalArgumentException("io-threads: " + ioThreads + " is not within 1-1024");
        }
        if (orphanTimeout == null || orphanTimeout.isNegative() || orphanTimeout.isZero()) {
            throw new IllegalArgumentException("orphan-timeout: must be positive");
        }
    }

    /**
     * From the CLI's strings: {@code --ng ADDRESS:PORT} ({@code [::1]:2223} for IPv6),
     * {@code --ports FROM-TO} and {@code --advertise A[,B]} (null or blank for none); one I/O
     * thread per processor and an orphan timeout of one hour.
     */
    public static RelaySettings parse(String ng, String ports, String advertise) {
        InetSocketAddress ngAddress = hostPort(ng);
        String p = ports == null ? "" : ports.trim();
        int dash = p.indexOf('-');
        if (dash < 1) {
            throw new IllegalArgumentException("ports: expected FROM-TO, e.g. 30000-39999, not '" + p + "'");
        }
        int from = number(p.substring(0, dash), "ports");
        int to = number(p.substring(dash + 1), "ports");
        List<String> adv = new ArrayList<>();
        if (advertise != null) {
            for (String a : advertise.split(",")) {
                if (!a.isBlank()) {
                    adv.add(a.trim());
                }
            }
        }
        return new RelaySettings(IpLiteral.format(ngAddress.getAddress()), ngAddress.getPort(), from, to, adv,
                Runtime.getRuntime().availableProcessors(), DEFAULT_ORPHAN_TIMEOUT);
    }

    public RelaySettings withIoThreads(int n) {
        return new RelaySettings(ngHost, ngPort, portMin, portMax, advertise, n, orphanTimeout);
    }

    public RelaySettings withOrphanTimeout(Duration d) {
        return new RelaySettings(ngHost, ngPort, portMin, portMax, advertise, ioThreads, d);
    }

    public InetSocketAddress ngAddress() {
        return new InetSocketAddress(IpLiteral.parse(ngHost, "ng"), ngPort);
    }

    /** The media interfaces: {@code advertise}, or the ng address when that is empty. */
    public List<MediaInterface> mediaInterfaces() {
        if (advertise.isEmpty()) {
            return List.of(MediaInterface.of(IpLiteral.parse(ngHost, "ng")));
        }
        return advertise.stream().map(MediaInterface::parse).toList();
    }

    private static InetSocketAddress hostPort(String text) {
        String t = text == null ? "" : text.trim();
        int colon = t.lastIndexOf(':');
        if (colon < 1 || (t.indexOf(':') != colon && !(t.startsWith("[") && t.charAt(colon - 1) == ']'))) {
            throw new IllegalArgumentException("ng: expected ADDRESS:PORT, e.g. 127.0.0.1:2223 or [::1]:2223, not '" + t + "'");
        }
        InetAddress host = IpLiteral.parse(t.substring(0, colon), "ng");
        return new InetSocketAddress(host, number(t.substring(colon + 1), "ng"));
    }

    private static int number(String s, String field) {
        try {
            int n = Integer.parseInt(s.trim());
            if (n < 0 || n > 65_535) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": '" + s.trim() + "' is not a port number (0-65535)");
        }
    }
}
