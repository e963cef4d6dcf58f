-- Call detail records. Same rules as V1: the SQL subset of MariaDB 10.11 and H2 in MODE=MariaDB,
-- schema-unique index names, times in epoch milliseconds.
-- Rows are only ever inserted. call_id is unique so that replaying the CDR spool after a crash
-- (INSERT IGNORE) cannot write a call twice; id gives exports a stable order within one start time.

CREATE TABLE cdr (
    id                   BIGINT       NOT NULL AUTO_INCREMENT,
    call_id              VARCHAR(255) NOT NULL,
    caller               VARCHAR(64)  NOT NULL,
    callee               VARCHAR(64)  NOT NULL,
    direction            VARCHAR(16)  NOT NULL,  -- INTERNAL, OUTBOUND, INBOUND
    trunk                VARCHAR(64)  NULL,
    start_at             BIGINT       NOT NULL,
    answer_at            BIGINT       NULL,
    end_at               BIGINT       NOT NULL,
    duration_s           BIGINT       NOT NULL,  -- start to end, whole seconds rounded half up
    billsec              BIGINT       NOT NULL,  -- answer to end, 0 when unanswered
    disposition          VARCHAR(24)  NOT NULL,  -- the label: ANSWERED, NO ANSWER, BUSY, FAILED, CANCELLED, BLOCKED BY POLICY
    sip_code             INT          NOT NULL,  -- 0: no final response (interrupted)
    hangup_by            VARCHAR(8)   NULL,      -- CALLER, CALLEE, SYSTEM
    hangup_reason        VARCHAR(64)  NULL,
    media_offered        VARCHAR(64)  NULL,
    media_used           VARCHAR(64)  NULL,
    packets_from_caller  BIGINT       NULL,
    bytes_from_caller    BIGINT       NULL,
    packets_from_callee  BIGINT       NULL,
    bytes_from_callee    BIGINT       NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_cdr_call_id UNIQUE (call_id)
);

CREATE INDEX idx_cdr_start ON cdr (start_at);
CREATE INDEX idx_cdr_caller_start ON cdr (caller, start_at);
CREATE INDEX idx_cdr_callee_start ON cdr (callee, start_at);
