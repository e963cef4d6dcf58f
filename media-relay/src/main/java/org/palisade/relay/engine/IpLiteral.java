package org.palisade.relay.engine;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * IP address literals without name resolution. {@link InetAddress#getByName} would send a text
 * that is not a literal to DNS; on the relay's paths a name is an error (or unknown), never a lookup.
 */
public final class IpLiteral {

    private static final Pattern V4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]+(%[\\w.-]+)?");

    private IpLiteral() {
    }

    /** @return the address, or null when {@code text} is not an IPv4 or IPv6 literal */
    public static InetAddress tryParse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean v4 = V4.matcher(t).matches();
        if (!v4 && !(t.indexOf(':') >= 0 && V6.matcher(t).matches())) {
            return null;
        }
        try {
            return InetAddress.getByName(t);
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    /**
     * RFC 5952 text ({@code ::1}, not Java's {@code 0:0:0:0:0:0:0:1}): what phones and rtpengine
     * write, and what tests and logs compare against.
     */
    public static String format(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length == 4) {
            return a.getHostAddress();
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    /** @throws IllegalArgumentException naming {@code field} when {@code text} is not a literal */
    public static InetAddress parse(String text, String field) {
        InetAddress a = tryParse(text);
        if (a == null) {
            throw new IllegalArgumentException(field + ": '" + text + "' is not an IPv4 or IPv6 address");
        }
        return a;
    }
}
