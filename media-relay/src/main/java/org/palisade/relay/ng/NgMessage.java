package org.palisade.relay.ng;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * One datagram of rtpengine's ng protocol: a cookie, a space, and a bencoded dictionary. The
 * cookie pairs a reply with its request (and lets a relay answer a retransmitted request from
 * its cache instead of acting twice).
 */
public record NgMessage(String cookie, Map<String, Object> body) {

    public byte[] toBytes() {
        byte[] head = (cookie + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] dict = Bencode.encode(body);
        byte[] out = Arrays.copyOf(head, head.length + dict.length);
        System.arraycopy(dict, 0, out, head.length, dict.length);
        return out;
    }

    /** @throws IllegalArgumentException when the datagram is not a cookie and a bencoded dictionary */
    @SuppressWarnings("unchecked")
    public static NgMessage parse(byte[] datagram, int length) {
        int space = -1;
        for (int i = 0; i < length && i < 256; i++) {
            if (datagram[i] == ' ') {
                space = i;
                break;
            }
        }
        if (space < 1) {
            throw new IllegalArgumentException("ng: no cookie before the dictionary");
        }
        Object body = Bencode.decode(Arrays.copyOfRange(datagram, space + 1, length));
        if (!(body instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("ng: the message is not a dictionary");
        }
        return new NgMessage(new String(datagram, 0, space, StandardCharsets.US_ASCII), (Map<String, Object>) map);
    }

    public String command() {
        Object c = body.get("command");
        return c instanceof String s ? s : null;
    }
}
