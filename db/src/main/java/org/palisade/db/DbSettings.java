package org.palisade.db;

import java.nio.file.Path;

/** Where the database is and how to log in to it. */
public record DbSettings(String url, String user, String password) {

    public DbSettings {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("database url: required");
        }
    }

    /**
     * The embedded H2 database in {@code dataDir}. AUTO_SERVER lets the CLI and a running
     * {@code serve} process open the same file: the first one to open it serves it to the others.
     */
    public static DbSettings embedded(Path dataDir) {
        String dir = dataDir.toAbsolutePath().normalize().toString();
        if (dir.contains(";")) {
            throw new IllegalArgumentException("data directory: must not contain ';' (" + dir + ")");
        }
        return new DbSettings("jdbc:h2:file:" + dir + "/palisade;MODE=MariaDB;DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE", "sa", "");
    }

    public boolean embeddedH2() {
        return url.startsWith("jdbc:h2:");
    }

    /** Settings end up in logs and error messages; the password must not. */
    @Override
    public String toString() {
        return "DbSettings[url=" + url + ", user=" + user + ", password=" + (password == null || password.isEmpty() ? "(none)" : "****") + "]";
    }
}
