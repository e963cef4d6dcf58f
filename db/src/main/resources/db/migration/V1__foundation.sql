-- Runs unchanged on MariaDB 10.11 and on H2 in MODE=MariaDB: keep to the SQL both accept.
-- Index and constraint names are unique per schema because H2 requires it.
-- Times are epoch milliseconds in BIGINT: TIMESTAMP precision differs between the two
-- databases, and the audit hashes cover the exact value.

CREATE TABLE rights_profile (
    name        VARCHAR(64)  NOT NULL,
    rights      VARCHAR(255) NOT NULL,  -- canonical ServiceRight.labels form, e.g. voice,video
    created_at  BIGINT       NOT NULL,
    updated_at  BIGINT       NOT NULL,
    PRIMARY KEY (name)
);

INSERT INTO rights_profile (name, rights, created_at, updated_at)
VALUES ('default', 'voice,video,chat,file-transfer', 0, 0);

CREATE TABLE extension (
    number        VARCHAR(32)  NOT NULL,
    display_name  VARCHAR(128) NOT NULL,
    department    VARCHAR(128) NULL,
    profile       VARCHAR(64)  NOT NULL,
    ha1_md5       CHAR(32)     NOT NULL,
    ha1_sha256    CHAR(64)     NOT NULL,
    enabled       BOOLEAN      NOT NULL,
    created_at    BIGINT       NOT NULL,
    updated_at    BIGINT       NOT NULL,
    PRIMARY KEY (number),
    CONSTRAINT fk_extension_profile FOREIGN KEY (profile) REFERENCES rights_profile (name)
);

CREATE TABLE binding (
    id             BIGINT       NOT NULL AUTO_INCREMENT,
    aor            VARCHAR(32)  NOT NULL,
    contact_uri    VARCHAR(512) NOT NULL,
    q_value        FLOAT        NULL,
    expires_at     BIGINT       NOT NULL,
    registered_at  BIGINT       NOT NULL,
    call_id        VARCHAR(255) NOT NULL,
    cseq           BIGINT       NOT NULL,
    source_host    VARCHAR(64)  NOT NULL,
    source_port    INT          NOT NULL,
    transport      VARCHAR(8)   NOT NULL,
    user_agent     VARCHAR(255) NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_binding_aor_contact UNIQUE (aor, contact_uri)
);

CREATE INDEX idx_binding_expires ON binding (expires_at);

-- seq is assigned by the chain (head + 1), not by the database.
CREATE TABLE audit_log (
    seq          BIGINT       NOT NULL,
    occurred_at  BIGINT       NOT NULL,
    event_type   VARCHAR(32)  NOT NULL,
    actor        VARCHAR(128) NOT NULL,
    subject      VARCHAR(255) NULL,
    source       VARCHAR(64)  NULL,
    details      TEXT         NOT NULL,
    prev_hash    CHAR(64)     NOT NULL,
    entry_hash   CHAR(64)     NOT NULL,
    PRIMARY KEY (seq)
);

CREATE INDEX idx_audit_occurred ON audit_log (occurred_at);
CREATE INDEX idx_audit_type_time ON audit_log (event_type, occurred_at);

-- One row: appenders lock it, which serialises them across threads, processes and nodes,
-- and it records the chain's end so that removing the newest entries shows.
CREATE TABLE audit_head (
    id         INT      NOT NULL,
    last_seq   BIGINT   NOT NULL,
    last_hash  CHAR(64) NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT ck_audit_head_single CHECK (id = 1)
);

INSERT INTO audit_head (id, last_seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
