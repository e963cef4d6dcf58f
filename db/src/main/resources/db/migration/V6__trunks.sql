-- Trunks to the PBX, the outbound dial plan and inbound DIDs. Same rules as V1: the SQL subset of
-- MariaDB 10.11 and H2 in MODE=MariaDB, schema-unique index and constraint names, times in epoch
-- milliseconds.

-- password_sealed holds SecretBox text ("v1:" + base64 of nonce, ciphertext and tag), never the
-- password: a trunk password must be recoverable to answer digest challenges, so it cannot be
-- hashed like an extension's. At most 128 characters of password fit in 1024.
CREATE TABLE trunk (
    name             VARCHAR(64)   NOT NULL,
    peer_host        VARCHAR(253)  NOT NULL,
    peer_port        INT           NULL,      -- NULL: none given, the transport's default or SRV (RFC 3263)
    transport        VARCHAR(8)    NOT NULL,  -- UDP, TCP, TLS
    registering      BOOLEAN       NOT NULL,  -- Palisade registers to the peer
    username         VARCHAR(64)   NULL,
    password_sealed  VARCHAR(1024) NULL,
    max_calls        INT           NOT NULL,  -- 0: no limit
    priority         INT           NOT NULL,
    enabled          BOOLEAN       NOT NULL,
    created_at       BIGINT        NOT NULL,
    updated_at       BIGINT        NOT NULL,
    PRIMARY KEY (name)
);

-- route_order is 1..n without gaps, kept so by the store under the dial_plan_lock row; it is not
-- unique because shifting it with one UPDATE would break a unique key half-way on MariaDB.
CREATE TABLE dial_route (
    name         VARCHAR(64)  NOT NULL,
    route_order  INT          NOT NULL,
    kind         VARCHAR(8)   NOT NULL,  -- PREFIX, REGEX
    pattern      VARCHAR(255) NOT NULL,
    strip        INT          NOT NULL,
    prepend      VARCHAR(33)  NOT NULL,  -- '' for none
    created_at   BIGINT       NOT NULL,
    PRIMARY KEY (name)
);

CREATE INDEX idx_dial_route_order ON dial_route (route_order);

-- A route's trunks in the order they are tried. The foreign key to trunk backs up the admin's own
-- check: a trunk a route still names cannot be removed.
CREATE TABLE dial_route_trunk (
    route_name  VARCHAR(64) NOT NULL,
    seq         INT         NOT NULL,
    trunk_name  VARCHAR(64) NOT NULL,
    PRIMARY KEY (route_name, seq),
    CONSTRAINT uq_dial_route_trunk UNIQUE (route_name, trunk_name),
    CONSTRAINT fk_dial_route_trunk_route FOREIGN KEY (route_name) REFERENCES dial_route (name),
    CONSTRAINT fk_dial_route_trunk_trunk FOREIGN KEY (trunk_name) REFERENCES trunk (name)
);

CREATE INDEX idx_dial_route_trunk_trunk ON dial_route_trunk (trunk_name);

-- One row: changes to the route order lock it, so that two admins (or nodes) queue.
CREATE TABLE dial_plan_lock (
    id  INT NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT ck_dial_plan_lock_single CHECK (id = 1)
);

INSERT INTO dial_plan_lock (id) VALUES (1);

-- number is E.164 with its '+'. No foreign key to extension: removing an extension must not fail
-- or silently drop DIDs; a DID whose extension is gone is treated like an unknown DID.
CREATE TABLE did (
    number      VARCHAR(16) NOT NULL,
    extension   VARCHAR(32) NOT NULL,
    created_at  BIGINT      NOT NULL,
    PRIMARY KEY (number)
);

CREATE INDEX idx_did_extension ON did (extension);
