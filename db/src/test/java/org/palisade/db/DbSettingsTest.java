package org.palisade.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;

class DbSettingsTest {

    @Test
    void embeddedIsAnH2FileInTheDataDirectory(@TempDir Path dir) {
        DbSettings settings = DbSettings.embedded(dir.resolve("data/../data"));
        assertThat(settings.url()).isEqualTo("jdbc:h2:file:" + dir.toAbsolutePath() + "/data/palisade"
                + ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE");
        assertThat(settings.user()).isEqualTo("sa");
        assertThat(settings.password()).isEmpty();
        assertThat(settings.embeddedH2()).isTrue();
    }

    @Test
    void aSemicolonInTheDataDirectoryCannotAddUrlSettings(@TempDir Path dir) {
        assertThatThrownBy(() -> DbSettings.embedded(dir.resolve("x;INIT=RUNSCRIPT FROM 'evil.sql'")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("data directory:");
    }

    @Test
    void thePasswordStaysOutOfLogs() {
        DbSettings settings = new DbSettings("jdbc:mariadb://db.example:3306/palisade", "palisade", "s3cr3t-pw");
        assertThat(settings.toString()).contains("db.example", "palisade").doesNotContain("s3cr3t-pw");
        assertThat(settings.embeddedH2()).isFalse();
    }

    @Test
    void aBadServerGivesAClearError() {
        assertThatThrownBy(() -> new Database(new DbSettings("jdbc:mariadb://127.0.0.1:1/none?connectTimeout=2000", "root", "")))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("cannot open the database jdbc:mariadb://127.0.0.1:1/");
    }

    /** Other processes reach an embedded database through its auto-server port, which has no real password. */
    @Test
    void theEmbeddedAutoServerListensOnLoopbackOnly() throws IOException {
        try (TestDatabase db = TestDatabase.create(TestDb.H2)) {
            Path dir = Path.of(db.settings().url().substring("jdbc:h2:file:".length(), db.settings().url().indexOf(';'))).getParent();
            Properties lock = new Properties();
            try (Reader r = Files.newBufferedReader(dir.resolve("palisade.lock.db"))) {
                lock.load(r);
            }
            // H2 writes "localhost" for 127.0.0.1 and also for a host name that resolves to it,
            // so only the socket table tells where the port really listens.
            String server = lock.getProperty("server");
            String portHex = String.format(Locale.ROOT, "%04X", Integer.parseInt(server.substring(server.indexOf(':') + 1)));
            List<String> listeningOn = new ArrayList<>();
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f[1].endsWith(":" + portHex) && f[3].equals("0A")) {
                        listeningOn.add(f[1].substring(0, f[1].indexOf(':')));
                    }
                }
            }
            // 127.0.0.1 as IPv4, or as IPv4-mapped IPv6 when Java opened a dual-stack socket
            assertThat(listeningOn).isNotEmpty().allMatch(a -> a.equals("0100007F") || a.equals("0000000000000000FFFF00000100007F"));
        }
    }
}
