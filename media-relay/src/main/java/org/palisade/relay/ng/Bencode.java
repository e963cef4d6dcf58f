package org.palisade.relay.ng;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bencoding, the encoding of rtpengine's "ng" control protocol: byte strings ({@code 4:spam}),
 * integers ({@code i42e}), lists ({@code l...e}) and dictionaries ({@code d...e}, keys sorted).
 * Strings decode to {@link String} (ng payloads are text: SDP, call ids, flags), integers to
 * {@link Long}. Hand-written because it is forty lines and no well-kept Java library exists
 * for it; the parser bounds its recursion so a hostile packet cannot blow the stack.
 */
public final class Bencode {

    private static final int MAX_DEPTH = 32;

    private Bencode() {
    }

    public static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, value);
        return out.toByteArray();
    }

    /** @throws IllegalArgumentException naming the offset where the input stops being bencode */
    public static Object decode(byte[] data) {
        Reader r = new Reader(data);
        Object value = r.value(0);
        if (r.pos != data.length) {
            throw new IllegalArgumentException("bencode: trailing bytes at offset " + r.pos);
        }
        return value;
    }

    private static void write(ByteArrayOutputStream out, Object value) {
        if (value instanceof String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeBytes((b.length + ":").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(b);
        } else if (value instanceof Number n) {
            out.writeBytes(("i" + n.longValue() + "e").getBytes(StandardCharsets.US_ASCII));
        } else if (value instanceof List<?> list) {
            out.write('l');
            list.forEach(v -> write(out, v));
            out.write('e');
        } else if (value instanceof Map<?, ?> map) {
            out.write('d');
            // Keys in sorted order, as bencoding requires (byte order equals String order for ASCII keys).
            new TreeMap<>(map).forEach((k, v) -> {
                write(out, k.toString());
                write(out, v);
            });
            out.write('e');
        } else {
            throw new IllegalArgumentException("bencode: cannot encode " + (value == null ? "null" : value.getClass().getSimpleName()));
        }
    }

    private static final class Reader {
        private final byte[] data;
        private int pos;

        Reader(byte[] data) {
            this.data = data;
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException("bencode: nested deeper than " + MAX_DEPTH + " at offset " + pos);
            }
            byte c = peek();
            switch (c) {
                case 'i' -> {
                    pos++;
                    long n = number('e');
                    return n;
                }
                case 'l' -> {
                    pos++;
                    List<Object> list = new ArrayList<>();
                    while (peek() != 'e') {
                        list.add(value(depth + 1));
                    }
                    pos++;
                    return list;
                }
                case 'd' -> {
                    pos++;
                    Map<String, Object> map = new LinkedHashMap<>();
                    while (peek() != 'e') {
                        if (peek() < '0' || peek() > '9') {
                            throw new IllegalArgumentException("bencode: dictionary key is not a string at offset " + pos);
                        }
                        String key = string();
                        map.put(key, value(depth + 1));
                    }
                    pos++;
                    return map;
                }
                default -> {
                    if (c >= '0' && c <= '9') {
                        return string();
                    }
                    throw new IllegalArgumentException("bencode: unexpected '" + (char) c + "' at offset " + pos);
                }
            }
        }

        private String string() {
            long length = number(':');
            if (length < 0 || length > data.length - pos) {
                throw new IllegalArgumentException("bencode: string length " + length + " runs past the end at offset " + pos);
            }
            String s = new String(data, pos, (int) length, StandardCharsets.UTF_8);
            pos += (int) length;
            return s;
        }

        private long number(char end) {
            int start = pos;
            while (pos < data.length && data[pos] != end) {
                pos++;
            }
            if (pos >= data.length || pos == start || pos - start > 19) {
                throw new IllegalArgumentException("bencode: bad number at offset " + start);
            }
            String text = new String(data, start, pos - start, StandardCharsets.US_ASCII);
            pos++;
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bencode: bad number '" + text + "' at offset " + start);
            }
        }

        private byte peek() {
            if (pos >= data.length) {
                throw new IllegalArgumentException("bencode: input ends early at offset " + pos);
            }
            return data[pos];
        }
    }
}
