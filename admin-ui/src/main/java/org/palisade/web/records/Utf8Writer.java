package org.palisade.web.records;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;

/**
 * A Writer that encodes UTF-8 straight into a byte buffer and passes it on full, for the CSV
 * export's hot loop: the CSV printer makes a dozen small appends per record, and the JDK's
 * BufferedWriter over an OutputStreamWriter takes a lock and copies through a char buffer and
 * an encoder for each (a fifth of the export's CPU). Single-threaded; an unpaired surrogate
 * becomes '?', as the JDK's encoder writes it.
 *
 * <p>{@link #close()} only flushes: the stream below belongs to the caller.
 */
final class Utf8Writer extends Writer {

    private final OutputStream out;
    private final byte[] buf;
    private int n;
    /** A high surrogate waiting for its low half, or 0. */
    private char high;

    Utf8Writer(OutputStream out, int bufferSize) {
        this.out = out;
        this.buf = new byte[Math.max(bufferSize, 16)];
    }

    @Override
    public void write(int c) throws IOException {
        put((char) c);
    }

    @Override
    public void write(char[] chars, int off, int len) throws IOException {
        for (int i = off, end = off + len; i < end; i++) {
            put(chars[i]);
        }
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        text(s, off, off + len);
    }

    @Override
    public Writer append(CharSequence csq) throws IOException {
        CharSequence s = csq == null ? "null" : csq;
        return append(s, 0, s.length());
    }

    @Override
    public Writer append(CharSequence csq, int start, int end) throws IOException {
        CharSequence s = csq == null ? "null" : csq;
        if (s instanceof String text) {
            text(text, start, end);
        } else {
            for (int i = start; i < end; i++) {
                put(s.charAt(i));
            }
        }
        return this;
    }

    /** The hot loop: runs of ASCII (nearly all of a CDR) go straight into the buffer. */
    private void text(String s, int start, int end) throws IOException {
        int i = start;
        while (i < end) {
            if (high != 0 || n >= buf.length - 4) {
                put(s.charAt(i++));
                continue;
            }
            int stop = Math.min(end, i + buf.length - 4 - n);
            for (; i < stop; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    break;
                }
                buf[n++] = (byte) c;
            }
            if (i < stop) {
                put(s.charAt(i++));
            }
        }
    }

    @Override
    public Writer append(char c) throws IOException {
        put(c);
        return this;
    }

    private void put(char c) throws IOException {
        if (n > buf.length - 4) {
            drain();
        }
        if (c < 0x80 && high == 0) {
            buf[n++] = (byte) c;
            return;
        }
        if (high != 0) {
            char h = high;
            high = 0;
            if (Character.isLowSurrogate(c)) {
                int cp = Character.toCodePoint(h, c);
                buf[n++] = (byte) (0xF0 | cp >> 18);
                buf[n++] = (byte) (0x80 | cp >> 12 & 0x3F);
                buf[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
                buf[n++] = (byte) (0x80 | cp & 0x3F);
                return;
            }
            buf[n++] = '?';
            put(c);
            return;
        }
        if (c < 0x800) {
            buf[n++] = (byte) (0xC0 | c >> 6);
            buf[n++] = (byte) (0x80 | c & 0x3F);
        } else if (Character.isHighSurrogate(c)) {
            high = c;
        } else if (Character.isLowSurrogate(c)) {
            buf[n++] = '?';
        } else {
            buf[n++] = (byte) (0xE0 | c >> 12);
            buf[n++] = (byte) (0x80 | c >> 6 & 0x3F);
            buf[n++] = (byte) (0x80 | c & 0x3F);
        }
    }

    private void drain() throws IOException {
        if (n > 0) {
            out.write(buf, 0, n);
            n = 0;
        }
    }

    /** Sends what is buffered (a surrogate still waiting for its other half stays). */
    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (high != 0) {
            high = 0;
            put('?');
        }
        flush();
    }
}
