-- Sigil baseline schema. Runs unchanged on H2 (MODE=MariaDB) and MariaDB 10.11+ (InnoDB).
--
-- Conventions (see dev.sigil.storage.jpa.JpaDatabase):
-- * Every instant is a BIGINT of microseconds since the epoch (UTC): exact on both databases and
--   independent of the JVM, session and server time zones, which DATETIME/TIMESTAMP are not.
-- * Tables use utf8mb4 with the binary no-pad collation on MariaDB, so that comparisons and ordering
--   are exact and case-sensitive, as they are on H2 and in Java (H2 ignores the table options).
-- * No IDENTITY columns: keys are assigned by the application so that Hibernate can batch inserts.

CREATE TABLE issuers (
    id              VARCHAR(40)   NOT NULL,
    name            VARCHAR(255)  NOT NULL,
    kind            VARCHAR(16)   NOT NULL,
    parent_id       VARCHAR(40)   NULL,
    subject_dn      VARCHAR(1024) NOT NULL,
    key_type        VARCHAR(32)   NOT NULL,
    key_ref         VARCHAR(1024) NOT NULL,
    certificate_der MEDIUMBLOB    NOT NULL,
    not_before      BIGINT        NOT NULL,
    not_after       BIGINT        NOT NULL,
    created_at      BIGINT        NOT NULL,
    CONSTRAINT pk_issuers PRIMARY KEY (id),
    CONSTRAINT fk_issuers_parent FOREIGN KEY (parent_id) REFERENCES issuers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE INDEX ix_issuers_created ON issuers (created_at, id);

CREATE TABLE certificates (
    issuer_id         VARCHAR(40)   NOT NULL,
    serial            VARCHAR(40)   NOT NULL,
    subject_dn        VARCHAR(1024) NOT NULL,
    key_type          VARCHAR(32)   NOT NULL,
    not_before        BIGINT        NOT NULL,
    not_after         BIGINT        NOT NULL,
    status            VARCHAR(8)    NOT NULL,
    revoked_at        BIGINT        NULL,
    revocation_reason SMALLINT      NULL,
    owner             VARCHAR(255)  NULL,
    label             VARCHAR(255)  NULL,
    profile           VARCHAR(64)   NOT NULL,
    der               MEDIUMBLOB    NOT NULL,
    issued_at         BIGINT        NOT NULL,
    requested_by      VARCHAR(255)  NOT NULL,
    CONSTRAINT pk_certificates PRIMARY KEY (issuer_id, serial),
    CONSTRAINT fk_certificates_issuer FOREIGN KEY (issuer_id) REFERENCES issuers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- Newest-first keyset pagination: ORDER BY issued_at DESC, serial DESC, issuer_id DESC.
CREATE INDEX ix_certificates_issued ON certificates (issued_at, serial, issuer_id);
CREATE INDEX ix_certificates_status_not_after ON certificates (status, not_after);
CREATE INDEX ix_certificates_owner ON certificates (owner);
CREATE INDEX ix_certificates_profile ON certificates (profile);
-- findBySerial looks a serial up across issuers; the primary key starts with issuer_id.
CREATE INDEX ix_certificates_serial ON certificates (serial);

-- One row per SAN, in the certificate's order (position), for exact SAN searches.
CREATE TABLE certificate_sans (
    issuer_id VARCHAR(40)  NOT NULL,
    serial    VARCHAR(40)  NOT NULL,
    position  INT          NOT NULL,
    san_type  VARCHAR(8)   NOT NULL,
    san_value VARCHAR(255) NOT NULL,
    CONSTRAINT pk_certificate_sans PRIMARY KEY (issuer_id, serial, position),
    CONSTRAINT fk_certificate_sans_certificate FOREIGN KEY (issuer_id, serial) REFERENCES certificates (issuer_id, serial)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE INDEX ix_certificate_sans_value ON certificate_sans (san_value);

-- At most one revocation per certificate: the primary key is the last guard against a double revoke.
CREATE TABLE revocations (
    issuer_id       VARCHAR(40)  NOT NULL,
    serial          VARCHAR(40)  NOT NULL,
    revoked_at      BIGINT       NOT NULL,
    reason_code     SMALLINT     NOT NULL,
    invalidity_date BIGINT       NULL,
    revoked_by      VARCHAR(255) NOT NULL,
    CONSTRAINT pk_revocations PRIMARY KEY (issuer_id, serial),
    CONSTRAINT fk_revocations_certificate FOREIGN KEY (issuer_id, serial) REFERENCES certificates (issuer_id, serial)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE tokens (
    id          VARCHAR(64)  NOT NULL,
    name        VARCHAR(255) NOT NULL,
    role        VARCHAR(16)  NOT NULL,
    secret_hash VARCHAR(64)  NOT NULL,
    created_at  BIGINT       NOT NULL,
    created_by  VARCHAR(255) NOT NULL,
    revoked_at  BIGINT       NULL,
    CONSTRAINT pk_tokens PRIMARY KEY (id),
    CONSTRAINT uq_tokens_secret_hash UNIQUE (secret_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE INDEX ix_tokens_created ON tokens (created_at, id);

-- Append-only, hash-chained audit log. seq is assigned under the audit_head row lock, so it is gap-free.
CREATE TABLE audit_log (
    seq       BIGINT       NOT NULL,
    at        BIGINT       NOT NULL,
    actor     VARCHAR(255) NOT NULL,
    action    VARCHAR(64)  NOT NULL,
    target    VARCHAR(255) NOT NULL,
    outcome   VARCHAR(16)  NOT NULL,
    details   TEXT         NOT NULL,
    prev_hash VARCHAR(64)  NOT NULL,
    hash      VARCHAR(64)  NOT NULL,
    CONSTRAINT pk_audit_log PRIMARY KEY (seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE INDEX ix_audit_log_actor ON audit_log (actor, seq);
CREATE INDEX ix_audit_log_action ON audit_log (action, seq);
CREATE INDEX ix_audit_log_target ON audit_log (target, seq);
CREATE INDEX ix_audit_log_at ON audit_log (at);

-- The chain's tip. Every ledger transaction locks this single row first (SELECT ... FOR UPDATE):
-- that serialises appends and gives all writers one lock order, so they cannot deadlock each other.
CREATE TABLE audit_head (
    id   INT         NOT NULL,
    seq  BIGINT      NOT NULL,
    hash VARCHAR(64) NOT NULL,
    CONSTRAINT pk_audit_head PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
