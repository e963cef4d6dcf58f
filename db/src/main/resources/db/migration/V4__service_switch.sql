-- The admin kill switch: a row means the service is off for everybody.
CREATE TABLE disabled_service (
    service     VARCHAR(32)  NOT NULL PRIMARY KEY,
    disabled_at BIGINT       NOT NULL,
    disabled_by VARCHAR(128) NOT NULL
);
