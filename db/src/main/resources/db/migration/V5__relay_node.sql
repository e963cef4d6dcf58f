-- Relay nodes the proxy anchors media on (rtpengine's ng protocol at ng_host:ng_port). Same rules
-- as V1: the SQL subset of MariaDB 10.11 and H2 in MODE=MariaDB, times in epoch milliseconds.
-- Names are stored in lower case (RelayNode does it), so the primary key means the same on both
-- databases whatever their collation. ng_host holds an IPv6 address without brackets.

CREATE TABLE relay_node (
    name        VARCHAR(64)  NOT NULL,
    ng_host     VARCHAR(255) NOT NULL,
    ng_port     INT          NOT NULL,
    weight      INT          NOT NULL,
    created_at  BIGINT       NOT NULL,
    PRIMARY KEY (name)
);
