package org.palisade.web.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The export's writer produces the bytes the JDK's UTF-8 encoder produces, whichever way text comes in. */
@Timeout(60) // a bug in the buffer arithmetic loops forever rather than failing
class Utf8WriterTest {

    @Test
    void encodesLikeTheJdkAcrossBufferBoundaries() throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        char[] pool = "aZ09,\"\r\n=+-@\tÄöüßé€☎日本\uD83D\uDE00\uD83C\uDF89".toCharArray();
        for (int round = 0; round < 200; round++) {
            StringBuilder text = new StringBuilder();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Utf8Writer w = new Utf8Writer(bytes, 16 + random.nextInt(64));
            for (int piece = 0; piece < 50; piece++) {
                StringBuilder p = new StringBuilder();
                for (int i = random.nextInt(12); i > 0; i--) {
                    char c = pool[random.nextInt(pool.length)];
                    p.append(c);
                    if (Character.isHighSurrogate(c)) {
                        p.append(c == '\uD83D' ? '\uDE00' : '\uDF89'); // only whole pairs here
                    }
                }
                String s = p.toString();
                text.append(s);
                switch (piece % 4) {
                    case 0 -> w.write(s);
                    case 1 -> w.append(s);
                    case 2 -> w.append(new StringBuilder("x" + s + "y"), 1, s.length() + 1);
                    default -> {
                        for (char c : s.toCharArray()) {
                            w.append(c);
                        }
                    }
                }
            }
            w.flush();
            assertThat(bytes.toByteArray()).isEqualTo(text.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aLoneSurrogateBecomesAQuestionMarkAsWithTheJdk() throws Exception {
        for (String s : new String[] {"a\uD83Db", "a\uDE00b", "end\uD83D"}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Utf8Writer w = new Utf8Writer(bytes, 16);
            w.write(s);
            w.close();
            assertThat(bytes.toByteArray()).as(s).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
        }
    }
}
