-- Webhook deliveries and expiry notices. Same conventions as V1__baseline.sql: instants are BIGINT microseconds
-- since the epoch (UTC); tables are utf8mb4 with the binary no-pad collation on InnoDB; keys are assigned by the
-- application.

-- One row per event to deliver (the outbox). The body is rendered once when the event is recorded, so every attempt
-- sends the same bytes; only the timestamp and signature headers change per attempt. last_error names the status or
-- the exception class and message of the last failed attempt, never the signing secret.
CREATE TABLE webhook_deliveries (
    id              VARCHAR(40)   NOT NULL,
    event           VARCHAR(64)   NOT NULL,
    subject         VARCHAR(255)  NOT NULL,
    payload         MEDIUMTEXT    NOT NULL,
    created_at      BIGINT        NOT NULL,
    attempts        INT           NOT NULL,
    next_attempt_at BIGINT        NOT NULL,
    delivered_at    BIGINT        NULL,
    last_status     INT           NULL,
    last_error      VARCHAR(1024) NULL,
    state           VARCHAR(16)   NOT NULL,
    CONSTRAINT pk_webhook_deliveries PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- Due deliveries in created order (state = PENDING), and the API's listing by state, newest first.
CREATE INDEX ix_webhook_deliveries_state ON webhook_deliveries (state, created_at, id);
-- The API's listing of all states, newest first.
CREATE INDEX ix_webhook_deliveries_created ON webhook_deliveries (created_at, id);

-- One row per certificate and notice window once its certificate.expiring event was recorded (in the same
-- transaction as its webhook_deliveries row): the primary key is what makes the notice once-only, across nodes and
-- crashes. notice_window is the window's label (e.g. 7d); WINDOW itself is a reserved word on MariaDB.
CREATE TABLE expiry_notices (
    issuer_id     VARCHAR(40) NOT NULL,
    serial        VARCHAR(40) NOT NULL,
    notice_window VARCHAR(16) NOT NULL,
    sent_at       BIGINT      NOT NULL,
    CONSTRAINT pk_expiry_notices PRIMARY KEY (issuer_id, serial, notice_window),
    CONSTRAINT fk_expiry_notices_certificate FOREIGN KEY (issuer_id, serial) REFERENCES certificates (issuer_id, serial)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
