-- The chat archive (RFC 3428 MESSAGE). Same rules as V1: the SQL subset of MariaDB 10.11 and H2
-- in MODE=MariaDB, schema-unique index names, times in epoch milliseconds.
-- Rows are never deleted; only state, sip_code and state_at change (PENDING/STORED -> DELIVERED,
-- FAILED, EXPIRED). body holds the text itself (body_encoding TEXT) or base64 (BASE64) of a body
-- of at most 64 KiB, so at most 87,384 characters: more than TEXT's 65,535 bytes on MariaDB,
-- hence MEDIUMTEXT (H2 maps it to CHARACTER VARYING of up to 1,000,000,000 characters).

CREATE TABLE chat_message (
    id             BIGINT       NOT NULL AUTO_INCREMENT,
    sent_at        BIGINT       NOT NULL,
    sender         VARCHAR(64)  NOT NULL,
    recipient      VARCHAR(255) NOT NULL,
    content_type   VARCHAR(255) NOT NULL,
    body           MEDIUMTEXT   NOT NULL,
    body_encoding  VARCHAR(8)   NOT NULL,  -- TEXT or BASE64
    body_size      INT          NOT NULL,  -- bytes as received
    body_sha256    CHAR(64)     NOT NULL,  -- of the bytes as received; the audit entry carries it too
    call_id        VARCHAR(255) NOT NULL,
    state          VARCHAR(16)  NOT NULL,  -- PENDING, DELIVERED, FAILED, STORED, EXPIRED, BLOCKED
    sip_code       INT          NULL,
    state_at       BIGINT       NOT NULL,
    source         VARCHAR(64)  NULL,
    PRIMARY KEY (id)
);

CREATE INDEX idx_chat_sent ON chat_message (sent_at);
CREATE INDEX idx_chat_sender_sent ON chat_message (sender, sent_at);
CREATE INDEX idx_chat_recipient_sent ON chat_message (recipient, sent_at);
CREATE INDEX idx_chat_state_recipient ON chat_message (state, recipient, sent_at);
