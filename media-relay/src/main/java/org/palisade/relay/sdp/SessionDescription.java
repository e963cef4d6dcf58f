package org.palisade.relay.sdp;

import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An SDP body (RFC 4566/8866) read as far as a relay needs: the lines with their own line endings,
 * so whatever the relay does not rewrite goes back byte for byte, and per m-line the port,
 * addresses, RTCP port and multiplexing. Parsing is strict about the lines it uses and lenient
 * about the rest; it never resolves names.
 */
public final class SessionDescription {

    /** The ICE attributes (RFC 8839) a relay that anchors media strips. */
    static final Set<String> ICE_ATTRIBUTES = Set.of("candidate", "ice-ufrag", "ice-pwd", "ice-options", "remote-candidates",
            "end-of-candidates", "ice-lite", "ice-mismatch", "ice-pacing");

    static final int MAX_MEDIA = 64;

    /** One line: {@code type} is the letter before '=', {@code eol} the line's own ending ("" on an unterminated last line). */
    record Line(int number, char type, String value, String eol) {
        String attributeName() {
            int colon = value.indexOf(':');
            return colon < 0 ? value : value.substring(0, colon);
        }

        boolean isAttribute(String name) {
            return type == 'a' && attributeName().equals(name);
        }
    }

    /**
     * One m-line.
     *
     * @param index      0-based position among the m-lines
     * @param port       0 for a declined stream
     * @param connection the media-level c=, else the session-level one, null when neither exists
     * @param rtcpPort   the a=rtcp: port, -1 without one
     * @param rtcpConnection the a=rtcp: address, null when it has none
     */
    public record Media(int index, String type, int port, String protocol, Connection connection, boolean ownConnection,
                        int rtcpPort, Connection rtcpConnection, boolean rtcpMux, boolean ice,
                        int firstLine, int endLine) {
        public boolean disabled() {
            return port == 0;
        }
    }

    final List<Line> lines;
    final String eol;
    private final int sessionEnd;
    private final Connection sessionConnection;
    private final List<Media> media;

    private SessionDescription(List<Line> lines, String eol, int sessionEnd, Connection sessionConnection, List<Media> media) {
        this.lines = lines;
        this.eol = eol;
        this.sessionEnd = sessionEnd;
        this.sessionConnection = sessionConnection;
        this.media = media;
    }

    public List<Media> media() {
        return media;
    }

    public Connection sessionConnection() {
        return sessionConnection;
    }

    /** Lines before the first m= line. */
    int sessionEnd() {
        return sessionEnd;
    }

    /** The address family of the first active stream, null when no stream is active or none has an IP address. */
    public ProtocolFamily family() {
        for (Media m : media) {
            if (!m.disabled() && m.connection() != null) {
                return m.connection().addressType().equals("IP4") ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
            }
        }
        return null;
    }

    /** @throws SdpException naming the first line that is wrong */
    public static SessionDescription parse(String text) {
        if (text == null || text.isBlank()) {
            throw new SdpException("sdp: the body is empty");
        }
        if (!text.startsWith("v=")) {
            throw SdpException.at(1, "expected v=0");
        }
        List<Line> lines = split(text);
        if (lines.isEmpty() || lines.get(0).type() != 'v' || !lines.get(0).value().trim().equals("0")) {
            throw SdpException.at(1, "expected v=0");
        }
        String eol = lines.get(0).eol().isEmpty() ? "\r\n" : lines.get(0).eol();
        int sessionEnd = lines.size();
        Connection session = null;
        List<Integer> mediaStarts = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            if (l.type() == 'm') {
                if (mediaStarts.isEmpty()) {
                    sessionEnd = i;
                }
                mediaStarts.add(i);
            } else if (l.type() == 'c' && mediaStarts.isEmpty()) {
                session = Connection.parse(l.value(), l.number(), "c=");
            } else if (l.type() == 'o') {
                checkOrigin(l);
            }
        }
        if (mediaStarts.size() > MAX_MEDIA) {
            throw new SdpException("sdp: " + mediaStarts.size() + " m= lines, at most " + MAX_MEDIA + " are accepted");
        }
        List<Media> media = new ArrayList<>();
        for (int k = 0; k < mediaStarts.size(); k++) {
            int start = mediaStarts.get(k);
            int end = k + 1 < mediaStarts.size() ? mediaStarts.get(k + 1) : lines.size();
            media.add(media(k, lines, start, end, session));
        }
        return new SessionDescription(lines, eol, sessionEnd, session, List.copyOf(media));
    }

    private static Media media(int index, List<Line> lines, int start, int end, Connection session) {
        Line m = lines.get(start);
        String[] f = m.value().trim().split(" +");
        if (f.length < 3) {
            throw SdpException.at(m.number(), "m= needs media, port and protocol, not '" + m.value() + "'");
        }
        String portText = f[1];
        int slash = portText.indexOf('/');
        int port = number(slash < 0 ? portText : portText.substring(0, slash), m.number(), "m= port");
        Connection own = null;
        int rtcpPort = -1;
        Connection rtcpConnection = null;
        boolean mux = false;
        boolean ice = false;
        for (int i = start + 1; i < end; i++) {
            Line l = lines.get(i);
            if (l.type() == 'c') {
                own = Connection.parse(l.value(), l.number(), "c=");
            } else if (l.type() == 'a') {
                String name = l.attributeName();
                if (name.equals("rtcp")) {
                    if (l.value().length() <= 5) {
                        throw SdpException.at(l.number(), "a=rtcp needs a port");
                    }
                    String[] r = l.value().substring(5).trim().split(" +", 2);
                    rtcpPort = number(r[0], l.number(), "a=rtcp port");
                    if (r.length == 2) {
                        rtcpConnection = Connection.parse(r[1], l.number(), "a=rtcp address");
                    }
                } else if (name.equals("rtcp-mux")) {
                    mux = true;
                } else if (ICE_ATTRIBUTES.contains(name)) {
                    ice = true;
                }
            }
        }
        Connection effective = own != null ? own : session;
        if (port != 0 && effective == null) {
            throw SdpException.at(m.number(), "m=" + f[0] + " has no c= line, neither its own nor a session one");
        }
        return new Media(index, f[0], port, f[2], effective, own != null, rtcpPort, rtcpConnection, mux, ice, start, end);
    }

    private static void checkOrigin(Line l) {
        String[] f = l.value().trim().split(" +");
        if (f.length != 6) {
            throw SdpException.at(l.number(), "o= needs 6 fields (username, session id, version, IN, IP4|IP6, address)");
        }
    }

    private static int number(String text, int line, String what) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
            throw SdpException.at(line, what + " '" + text + "' is not a number");
        }
        int n = Integer.parseInt(text);
        if (n > 65_535) {
            throw SdpException.at(line, what + " " + n + " is above 65535");
        }
        return n;
    }

    private static List<Line> split(String text) {
        List<Line> out = new ArrayList<>();
        int pos = 0;
        int number = 1;
        while (pos < text.length()) {
            int nl = text.indexOf('\n', pos);
            String raw;
            String eol;
            if (nl < 0) {
                raw = text.substring(pos);
                eol = "";
                pos = text.length();
            } else {
                boolean cr = nl > pos && text.charAt(nl - 1) == '\r';
                raw = text.substring(pos, cr ? nl - 1 : nl);
                eol = cr ? "\r\n" : "\n";
                pos = nl + 1;
            }
            if (raw.isEmpty()) {
                // blank lines carry nothing; keep them so they go back as they came
                out.add(new Line(number++, ' ', "", eol));
                continue;
            }
            if (raw.length() < 2 || raw.charAt(1) != '=' || raw.charAt(0) < 'a' || raw.charAt(0) > 'z') {
                throw SdpException.at(number, "not a 'x=value' line: '" + abbreviate(raw) + "'");
            }
            out.add(new Line(number++, raw.charAt(0), raw.substring(2), eol));
        }
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /** @return the address, or null for names and hold addresses */
    public static InetAddress usable(Connection c) {
        return c == null || c.isZero() ? null : c.inet();
    }
}
