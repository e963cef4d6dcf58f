package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palisade.db.cdr.SpoolSettings;

class CdrConfigTest {

    @Test
    void theSpoolDefaultsToAPrivateDirectoryInTheDataDir(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        SpoolSettings spool = PalisadeConfig.load(null, Map.of(), Map.of("data.dir", data.toString())).cdrSpool();
        assertThat(spool.dir()).isEqualTo(data.resolve("cdr-spool"));
        assertThat(spool.batchSize()).isEqualTo(200);
        assertThat(spool.flushMillis()).isEqualTo(200);
        // the data directory too: creating the spool first must not leave it readable by others
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spool.dir()))).isEqualTo("rwx------");
    }

    @Test
    void keysComeFromEnvironmentAndFlags(@TempDir Path dir) {
        Path custom = dir.resolve("spool");
        SpoolSettings spool = PalisadeConfig.load(null, Map.of("PALISADE_CDR_BATCH_SIZE", "50"),
                Map.of("cdr.spool-dir", custom.toString(), "cdr.flush-millis", "25")).cdrSpool();
        assertThat(spool.dir()).isEqualTo(custom);
        assertThat(spool.batchSize()).isEqualTo(50);
        assertThat(spool.flushMillis()).isEqualTo(25);
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> PalisadeConfig.load(null, Map.of(), Map.of("cdr.batch-size", "0")).cdrSpool())
                .hasMessageStartingWith("cdr.batch-size:");
        assertThatThrownBy(() -> PalisadeConfig.load(null, Map.of(), Map.of("cdr.flush-millis", "soon")).cdrSpool())
                .hasMessageStartingWith("cdr.flush-millis:");
    }
}
