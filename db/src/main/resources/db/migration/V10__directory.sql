-- The directory (LDAP / Active Directory) sync. Same rules as V1: the SQL subset of MariaDB 10.11
-- and H2 in MODE=MariaDB, schema-unique index and constraint names, times in epoch milliseconds.
-- The extension table is not touched: which extensions the directory manages is kept here.

-- One row once configured. bind_password_sealed and trust_store_password_sealed hold SecretBox
-- text (as trunk.password_sealed), never a password. attribute_map holds the overrides of the
-- flavor's mapping, one "field=attribute,attribute" per line.
CREATE TABLE directory_settings (
    id                           INT           NOT NULL,
    url                          VARCHAR(512)  NOT NULL,
    start_tls                    BOOLEAN       NOT NULL,
    bind_dn                      VARCHAR(1024) NOT NULL,
    bind_password_sealed         VARCHAR(1024) NOT NULL,
    base_dn                      VARCHAR(1024) NOT NULL,
    user_filter                  VARCHAR(2048) NULL,      -- NULL: the flavor's default
    flavor                       VARCHAR(16)   NOT NULL,  -- AD, OPENLDAP
    attribute_map                VARCHAR(2048) NOT NULL,  -- '' for no overrides
    default_profile              VARCHAR(64)   NOT NULL,
    schedule_seconds             BIGINT        NOT NULL,  -- 0: no scheduled sync
    max_disable_percent          INT           NOT NULL,
    trust_store_path             VARCHAR(1024) NULL,
    trust_store_password_sealed  VARCHAR(1024) NULL,
    connect_timeout_millis       BIGINT        NOT NULL,
    read_timeout_millis          BIGINT        NOT NULL,
    allow_plain_bind             BOOLEAN       NOT NULL,
    updated_at                   BIGINT        NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT ck_directory_settings_single CHECK (id = 1)
);

-- Groups mapped to a rights profile (first match by rank) or to a web role. group_dn is the
-- normalised DN (lower case, no spaces around separators), so one group has one spelling.
CREATE TABLE directory_group_map (
    group_dn    VARCHAR(500) NOT NULL,
    kind        VARCHAR(8)   NOT NULL,  -- PROFILE, ROLE
    target      VARCHAR(64)  NOT NULL,  -- profile name or role label
    map_rank    INT          NOT NULL,
    created_at  BIGINT       NOT NULL,
    PRIMARY KEY (group_dn, kind)
);

-- Extensions the sync made, and the person each belongs to. No foreign key to extension: an admin
-- may remove one by hand, and the sync then tidies the row up. directory_key (objectGUID,
-- entryUUID, ...) is NULL for an extension left behind, disabled, when its person got another number.
CREATE TABLE directory_link (
    extension              VARCHAR(32)   NOT NULL,
    directory_key          VARCHAR(128)  NULL,
    dn                     VARCHAR(1024) NULL,
    login                  VARCHAR(255)  NULL,
    disabled_by_directory  BOOLEAN       NOT NULL,
    created_at             BIGINT        NOT NULL,
    updated_at             BIGINT        NOT NULL,
    PRIMARY KEY (extension),
    CONSTRAINT uq_directory_link_key UNIQUE (directory_key)
);

-- One row: the last run's result (result NULL until the first run) and the lease that keeps two
-- syncs (CLI and serve, or two nodes) from running at once.
CREATE TABLE directory_sync_state (
    id             INT           NOT NULL,
    lease_owner    VARCHAR(128)  NULL,
    lease_at       BIGINT        NULL,
    started_at     BIGINT        NULL,
    finished_at    BIGINT        NULL,
    result         VARCHAR(8)    NULL,  -- OK, FAILED, GUARDED
    run_trigger    VARCHAR(128)  NULL,
    forced         BOOLEAN       NULL,
    people         INT           NULL,
    created        INT           NULL,
    updated        INT           NULL,
    disabled       INT           NULL,
    enabled        INT           NULL,
    unchanged      INT           NULL,
    problems       INT           NULL,
    error          VARCHAR(2000) NULL,
    PRIMARY KEY (id),
    CONSTRAINT ck_directory_sync_state_single CHECK (id = 1)
);

INSERT INTO directory_sync_state (id) VALUES (1);
