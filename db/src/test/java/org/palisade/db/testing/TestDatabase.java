package org.palisade.db.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.palisade.db.Database;
import org.palisade.db.DbSettings;

/**
 * A fresh, migrated database for one test, removed again by {@link #close()}: a new H2 file in
 * a temp directory, or a new schema on the MariaDB at 127.0.0.1:3306 (root, no password).
 *
 * <pre>
 * try (TestDatabase db = TestDatabase.create(TestDb.MARIADB)) {
 *     Storage storage = db.database();
 * }
 * </pre>
 */
public final class TestDatabase implements AutoCloseable {

    public static final String MARIADB_SERVER = "jdbc:mariadb://127.0.0.1:3306/";

    private final DbSettings settings;
    private final Path h2Dir;
    private final String schema;
    private Database database;

    private TestDatabase(DbSettings settings, Path h2Dir, String schema) {
        this.settings = settings;
        this.h2Dir = h2Dir;
        this.schema = schema;
    }

    public static TestDatabase create(TestDb kind) {
        TestDatabase db = switch (kind) {
            case H2 -> {
                Path dir = tempDir();
                yield new TestDatabase(DbSettings.embedded(dir), dir, null);
            }
            case MARIADB -> {
                String schema = "palisade_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
                onMariaDbServer("CREATE DATABASE " + schema);
                yield new TestDatabase(new DbSettings(MARIADB_SERVER + schema, "root", ""), null, schema);
            }
        };
        try {
            db.database = new Database(db.settings);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    public DbSettings settings() {
        return settings;
    }

    /** Opened and migrated. */
    public Database database() {
        return database;
    }

    /** Runs one statement outside the stores, autocommitted: for tampering and inspection. */
    public int execute(String sql) {
        try (Connection c = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
             Statement st = c.createStatement()) {
            return st.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    /** The first column of the first row of {@code sql}, as text (null when there is no row). */
    public String queryString(String sql) {
        try (Connection c = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
             Statement st = c.createStatement();
             var rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException("failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (database != null) {
            database.close();
        }
        if (schema != null) {
            onMariaDbServer("DROP DATABASE IF EXISTS " + schema);
        }
        if (h2Dir != null) {
            deleteTree(h2Dir);
        }
    }

    private static void onMariaDbServer(String sql) {
        Connection c;
        try {
            c = DriverManager.getConnection(MARIADB_SERVER + "?connectTimeout=5000", "root", "");
        } catch (SQLException e) {
            throw new IllegalStateException("MariaDB on 127.0.0.1:3306 (user root, empty password) is required by the database tests"
                    + " and could not be reached: " + e.getMessage(), e);
        }
        try (c; Statement st = c.createStatement()) {
            st.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("failed on MariaDB: " + sql + ": " + e.getMessage(), e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("palisade-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
