-- Managed certificates: Sigil holds the key, issues, and renews before expiry (docs/MANAGED.md).
-- Same conventions as V1__baseline.sql: instants are BIGINT microseconds since the epoch (UTC), durations BIGINT
-- seconds; tables are utf8mb4 with the binary no-pad collation on InnoDB; no IDENTITY columns.

-- One row per managed certificate: its spec, which version is current, and the renewal bookkeeping.
-- row_version is a compare-and-set counter: every change is UPDATE ... WHERE name = ? AND row_version = ?, so of two
-- nodes that try to claim the same renewal only one succeeds. claimed_until is the lease of the node renewing it.
-- Exactly one of renew_at_fraction / renew_before_seconds is set. sans is 'dns:a.internal' / 'ip:10.0.0.1' per line.
CREATE TABLE managed_certificates (
    name                 VARCHAR(64)   NOT NULL,
    common_name          VARCHAR(64)   NULL,
    sans                 VARCHAR(8000) NOT NULL,
    profile              VARCHAR(64)   NOT NULL,
    key_type             VARCHAR(32)   NOT NULL,
    lifetime_seconds     BIGINT        NOT NULL,
    renew_at_fraction    DOUBLE        NULL,
    renew_before_seconds BIGINT        NULL,
    owner                VARCHAR(255)  NULL,
    revoke_superseded    BOOLEAN       NOT NULL,
    revoke_grace_seconds BIGINT        NOT NULL,
    state                VARCHAR(8)    NOT NULL,
    current_version      INT           NOT NULL,
    current_issuer_id    VARCHAR(40)   NOT NULL,
    current_serial       VARCHAR(40)   NOT NULL,
    next_renewal_at      BIGINT        NOT NULL,
    consecutive_failures INT           NOT NULL,
    next_attempt_at      BIGINT        NOT NULL,
    claimed_until        BIGINT        NULL,
    last_error           VARCHAR(1000) NULL,
    row_version          BIGINT        NOT NULL,
    created_at           BIGINT        NOT NULL,
    created_by           VARCHAR(255)  NOT NULL,
    CONSTRAINT pk_managed_certificates PRIMARY KEY (name),
    CONSTRAINT fk_managed_current FOREIGN KEY (current_issuer_id, current_serial)
        REFERENCES certificates (issuer_id, serial)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- The renewal tick: ACTIVE rows whose renewal time has come.
CREATE INDEX ix_managed_due ON managed_certificates (state, next_renewal_at);

-- Every certificate a managed certificate has had, with its private key encrypted (AES-256-GCM) under a key
-- that is not in the database. revoke_after is set when a superseded version is to be revoked after a grace period.
CREATE TABLE managed_versions (
    name          VARCHAR(64) NOT NULL,
    version       INT         NOT NULL,
    issuer_id     VARCHAR(40) NOT NULL,
    serial        VARCHAR(40) NOT NULL,
    not_after     BIGINT      NOT NULL,
    encrypted_key BLOB        NOT NULL,
    created_at    BIGINT      NOT NULL,
    superseded_at BIGINT      NULL,
    revoke_after  BIGINT      NULL,
    revoked       BOOLEAN     NOT NULL,
    CONSTRAINT pk_managed_versions PRIMARY KEY (name, version),
    CONSTRAINT fk_managed_versions_managed FOREIGN KEY (name) REFERENCES managed_certificates (name),
    CONSTRAINT fk_managed_versions_certificate FOREIGN KEY (issuer_id, serial) REFERENCES certificates (issuer_id, serial)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- The revocation tick: superseded versions whose grace period is over.
CREATE INDEX ix_managed_versions_revoke ON managed_versions (revoked, revoke_after);

-- Workload tokens are scoped to one managed certificate (its name); other tokens have no scope.
ALTER TABLE tokens ADD COLUMN scope VARCHAR(64) NULL;
