package org.palisade.db.testing;

/** The databases every storage test runs on: the embedded default and production's. */
public enum TestDb {
    H2,
    MARIADB
}
