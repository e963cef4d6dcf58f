package org.palisade.relay.sdp;

import java.net.InetAddress;
import java.util.List;
import org.palisade.relay.engine.IpLiteral;
import org.palisade.relay.sdp.SessionDescription.Line;
import org.palisade.relay.sdp.SessionDescription.Media;

/**
 * Puts the relay into an SDP body: its address in {@code c=} (and {@code o=} when asked), its
 * ports in {@code m=} and {@code a=rtcp:}, {@code a=rtcp-mux} as negotiated, and ICE removed when
 * asked. Every other byte stays as it came: codecs, {@code a=crypto}, {@code a=fingerprint},
 * direction attributes, line endings. Declined streams (port 0) keep port 0 and get no relay
 * ports; hold addresses (0.0.0.0) pass unchanged, as rtpengine passes them.
 */
public final class SdpRewriter {

    /** What to do with {@code a=rtcp:} (ng flags "no rtcp attribute" and "full rtcp attribute"). */
    public enum RtcpAttribute { REWRITE, REMOVE, FULL }

    /**
     * @param replaceSessionConnection rewrite the session-level c= even when every stream has its own
     *                                 (it is rewritten anyway when a stream relies on it)
     */
    public record Options(boolean removeIce, boolean replaceOrigin, boolean replaceSessionConnection, RtcpAttribute rtcp) {
        public static final Options DEFAULT = new Options(true, false, false, RtcpAttribute.REWRITE);
    }

    /**
     * The relay's ports for one m-line.
     *
     * @param port     RTP port; 0 declines the stream
     * @param rtcpPort RTCP port (equal to {@code port} when multiplexed)
     * @param rtcpMux  whether the line carries {@code a=rtcp-mux}
     */
    public record MediaPlan(int port, int rtcpPort, boolean rtcpMux) {
    }

    private SdpRewriter() {
    }

    /**
     * @param plan one entry per m-line of {@code sdp}
     * @throws IllegalArgumentException when the plan does not match the m-lines
     */
    public static String rewrite(SessionDescription sdp, InetAddress address, List<MediaPlan> plan, Options o) {
        List<Media> media = sdp.media();
        if (plan.size() != media.size()) {
            throw new IllegalArgumentException("sdp rewrite: " + plan.size() + " plans for " + media.size() + " m-lines");
        }
        StringBuilder out = new StringBuilder(sdp.lines.stream().mapToInt(l -> l.value().length() + 4).sum() + 64);
        boolean sessionNeeded = o.replaceSessionConnection()
                || media.stream().anyMatch(m -> !m.disabled() && !m.ownConnection());
        for (int i = 0; i < sdp.sessionEnd(); i++) {
            Line l = sdp.lines.get(i);
            if (o.removeIce() && l.type() == 'a' && SessionDescription.ICE_ATTRIBUTES.contains(l.attributeName())) {
                continue;
            }
            if (l.type() == 'o' && o.replaceOrigin()) {
                emit(out, l, origin(l.value(), address));
            } else if (l.type() == 'c' && sessionNeeded && !sdp.sessionConnection().isZero()) {
                emit(out, l, Connection.format(address));
            } else {
                emit(out, l, l.value());
            }
        }
        for (int k = 0; k < media.size(); k++) {
            section(out, sdp, media.get(k), plan.get(k), address, o);
        }
        return out.toString();
    }

    private static void section(StringBuilder out, SessionDescription sdp, Media m, MediaPlan p, InetAddress address, Options o) {
        boolean active = !m.disabled();
        boolean relayed = active && p.port() != 0;
        int lastContent = m.firstLine();
        for (int i = m.firstLine(); i < m.endLine(); i++) {
            if (sdp.lines.get(i).type() != ' ') {
                lastContent = i;
            }
        }
        boolean rtcpSeen = false;
        for (int i = m.firstLine(); i < m.endLine(); i++) {
            Line l = sdp.lines.get(i);
            String v = l.value();
            if (l.type() == 'a' && o.removeIce() && SessionDescription.ICE_ATTRIBUTES.contains(l.attributeName())) {
                v = null;
            } else if (!active) {
                // a stream declined by its sender stays exactly as it came
            } else if (l.type() == 'm') {
                v = port(v, p.port());
            } else if (l.type() == 'c') {
                // even for a stream the relay declines: the other party must not learn this one's address
                v = m.connection().isZero() ? v : Connection.format(address);
            } else if (!relayed) {
                // declined by the relay (its offer had declined it): the rest may stay
            } else if (l.isAttribute("rtcp")) {
                rtcpSeen = true;
                v = o.rtcp() == RtcpAttribute.REMOVE ? null : rtcp(p, address, o.rtcp() == RtcpAttribute.FULL || m.rtcpConnection() != null);
            } else if (l.isAttribute("rtcp-mux") && !p.rtcpMux()) {
                v = null;
            }
            if (v != null) {
                emit(out, l, v);
            }
            if (i == lastContent && relayed) {
                if (o.rtcp() == RtcpAttribute.FULL && !rtcpSeen) {
                    emit(out, sdp.eol, rtcp(p, address, true));
                }
                if (p.rtcpMux() && !m.rtcpMux()) {
                    emit(out, sdp.eol, "rtcp-mux");
                }
            }
        }
    }

    private static String port(String mLine, int port) {
        return mLine.replaceFirst("^(\\S+)\\s+\\S+", "$1 " + port);
    }

    private static String rtcp(MediaPlan p, InetAddress address, boolean full) {
        return "rtcp:" + p.rtcpPort() + (full ? " " + Connection.format(address) : "");
    }

    private static String origin(String value, InetAddress address) {
        String[] f = value.trim().split(" +");
        String type = address instanceof java.net.Inet4Address ? "IP4" : "IP6";
        return f[0] + " " + f[1] + " " + f[2] + " " + f[3] + " " + type + " " + IpLiteral.format(address);
    }

    private static void emit(StringBuilder out, Line l, String value) {
        if (l.type() != ' ') {
            out.append(l.type()).append('=');
        }
        out.append(value).append(l.eol());
    }

    /** An added line ends like the SDP's own; it follows a line, so that line had an ending. */
    private static void emit(StringBuilder out, String eol, String attribute) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
            out.append(eol);
        }
        out.append("a=").append(attribute).append(eol);
    }
}
