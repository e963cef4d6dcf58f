-- Local accounts of the web UI and API. Same rules as V1: the SQL subset of MariaDB 10.11 and H2
-- in MODE=MariaDB, times in epoch milliseconds. Names are stored in lower case (AdminUser does it),
-- so the primary key means the same on both databases whatever their collation.

-- password_hash is PasswordHasher's "pbkdf2-sha256$ITERATIONS$SALT$HASH", never the password; the
-- iteration count is part of the value, so raising it needs no migration.
CREATE TABLE admin_user (
    name           VARCHAR(64)  NOT NULL,
    role           VARCHAR(16)  NOT NULL,  -- ADMIN, AUDITOR, FINANCE
    password_hash  VARCHAR(255) NOT NULL,
    enabled        BOOLEAN      NOT NULL,
    created_at     BIGINT       NOT NULL,
    updated_at     BIGINT       NOT NULL,
    PRIMARY KEY (name)
);
