-- ACME (RFC 8555) state: nonces, accounts, EAB keys, orders, authorizations and challenges.
-- Same conventions as V1__baseline.sql: instants are BIGINT microseconds since the epoch (UTC), tables are
-- utf8mb4 with the binary no-pad collation on InnoDB, keys are application-assigned (random, URL-safe) VARCHARs,
-- never IDENTITY. Statuses are stored lower-case, as RFC 8555 spells them. Runs on H2 (MODE=MariaDB) and
-- MariaDB 10.11+. Column sizes are mirrored in dev.sigil.storage.jpa.AcmeLimits.
--
-- Lists (account contacts, order identifiers, an order's authorizations) are child rows with a position rather
-- than JSON text: the storage module has no JSON library (and hand-written JSON parsing is what STYLE.md asks
-- us to avoid), child rows round-trip any string exactly and in order, and SQL can query them (per-name rate
-- limits, "which orders use this authorization"). Each costs one indexed range read, loaded for a whole page at once.

-- Replay nonces (§6.5), shared by every node. A nonce is redeemed by deleting its row: DELETE ... WHERE
-- nonce = ? AND expires_at > ? affects one row for exactly one caller, cluster-wide. (The column is not
-- called "value": that is a reserved word in H2.)
CREATE TABLE acme_nonces (
    nonce      VARCHAR(64) NOT NULL,
    expires_at BIGINT      NOT NULL,
    CONSTRAINT pk_acme_nonces PRIMARY KEY (nonce)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE INDEX ix_acme_nonces_expires ON acme_nonces (expires_at);

-- External Account Binding keys (§7.3.4), created by operators. bound_account_id is set once, by
-- UPDATE ... WHERE bound_account_id IS NULL, in the transaction that creates the account. It has no foreign key:
-- the key is bound before the account row is inserted (acme_accounts.eab_key_id references this table instead).
CREATE TABLE acme_eab_keys (
    key_id           VARCHAR(128)  NOT NULL,
    directory        VARCHAR(64)   NOT NULL,
    label            VARCHAR(255)  NOT NULL,
    hmac_key         VARBINARY(128) NOT NULL,
    created_at       BIGINT        NOT NULL,
    bound_account_id VARCHAR(64)   NULL,
    bound_at         BIGINT        NULL,
    CONSTRAINT pk_acme_eab_keys PRIMARY KEY (key_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE INDEX ix_acme_eab_keys_directory ON acme_eab_keys (directory, created_at, key_id);

CREATE TABLE acme_accounts (
    id             VARCHAR(64)  NOT NULL,
    directory      VARCHAR(64)  NOT NULL,
    key_thumbprint VARCHAR(64)  NOT NULL,
    jwk_json       TEXT         NOT NULL,
    status         VARCHAR(16)  NOT NULL,
    terms_agreed   BOOLEAN      NOT NULL,
    eab_key_id     VARCHAR(128) NULL,
    created_at     BIGINT       NOT NULL,
    CONSTRAINT pk_acme_accounts PRIMARY KEY (id),
    -- One account per key and directory (§7.3.1); also what makes a key rollover to a taken key a CONFLICT.
    CONSTRAINT uq_acme_accounts_key UNIQUE (directory, key_thumbprint),
    -- Backs up the conditional bind: an EAB key can never stand behind two accounts.
    CONSTRAINT uq_acme_accounts_eab_key UNIQUE (eab_key_id),
    CONSTRAINT fk_acme_accounts_eab_key FOREIGN KEY (eab_key_id) REFERENCES acme_eab_keys (key_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- Newest-first listing for operators: ORDER BY created_at DESC, id DESC within a directory.
CREATE INDEX ix_acme_accounts_created ON acme_accounts (directory, created_at, id);

CREATE TABLE acme_account_contacts (
    account_id VARCHAR(64)   NOT NULL,
    position   INT           NOT NULL,
    contact    VARCHAR(1024) NOT NULL,
    CONSTRAINT pk_acme_account_contacts PRIMARY KEY (account_id, position),
    CONSTRAINT fk_acme_account_contacts_account FOREIGN KEY (account_id) REFERENCES acme_accounts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE acme_authorizations (
    id               VARCHAR(64)  NOT NULL,
    account_id       VARCHAR(64)  NOT NULL,
    directory        VARCHAR(64)  NOT NULL,
    identifier_type  VARCHAR(8)   NOT NULL,
    identifier_value VARCHAR(255) NOT NULL,
    wildcard         BOOLEAN      NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    expires_at       BIGINT       NOT NULL,
    created_at       BIGINT       NOT NULL,
    CONSTRAINT pk_acme_authorizations PRIMARY KEY (id),
    CONSTRAINT fk_acme_authorizations_account FOREIGN KEY (account_id) REFERENCES acme_accounts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- Reuse lookup (authorizationsFor) when a new order arrives.
CREATE INDEX ix_acme_authorizations_reuse
    ON acme_authorizations (account_id, directory, identifier_type, identifier_value, status);
-- Housekeeping: pending authorizations past expires_at.
CREATE INDEX ix_acme_authorizations_status_expires ON acme_authorizations (status, expires_at);

CREATE TABLE acme_challenges (
    id               VARCHAR(64)  NOT NULL,
    authorization_id VARCHAR(64)  NOT NULL,
    position         INT          NOT NULL,
    challenge_type   VARCHAR(32)  NOT NULL,
    token            VARCHAR(128) NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    validated_at     BIGINT       NULL,
    error_json       TEXT         NULL,
    CONSTRAINT pk_acme_challenges PRIMARY KEY (id),
    CONSTRAINT fk_acme_challenges_authorization FOREIGN KEY (authorization_id) REFERENCES acme_authorizations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- An authorization's challenges in the order offered.
CREATE INDEX ix_acme_challenges_authorization ON acme_challenges (authorization_id, position);

CREATE TABLE acme_orders (
    id                    VARCHAR(64)  NOT NULL,
    account_id            VARCHAR(64)  NOT NULL,
    directory             VARCHAR(64)  NOT NULL,
    status                VARCHAR(16)  NOT NULL,
    expires_at            BIGINT       NOT NULL,
    not_before            BIGINT       NULL,
    not_after             BIGINT       NULL,
    error_json            TEXT         NULL,
    certificate_issuer_id VARCHAR(40)  NULL,
    certificate_serial    VARCHAR(40)  NULL,
    replaces              VARCHAR(255) NULL,
    created_at            BIGINT       NOT NULL,
    CONSTRAINT pk_acme_orders PRIMARY KEY (id),
    CONSTRAINT fk_acme_orders_account FOREIGN KEY (account_id) REFERENCES acme_accounts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- An account's orders oldest first (§7.1.2.1): ORDER BY created_at, id with a keyset cursor.
CREATE INDEX ix_acme_orders_account ON acme_orders (account_id, created_at, id);
-- orderByCertificate (revocation, ARI). Unique: one certificate comes from at most one order. No foreign key to
-- certificates, so that ACME state stays independent of the inventory's write path (the group-committing ledger).
CREATE UNIQUE INDEX ux_acme_orders_certificate ON acme_orders (certificate_issuer_id, certificate_serial);
-- Housekeeping: pending and ready orders past expires_at.
CREATE INDEX ix_acme_orders_status_expires ON acme_orders (status, expires_at);

-- The identifiers as requested, in order (wildcards keep their "*.").
CREATE TABLE acme_order_identifiers (
    order_id         VARCHAR(64)  NOT NULL,
    position         INT          NOT NULL,
    identifier_type  VARCHAR(8)   NOT NULL,
    identifier_value VARCHAR(255) NOT NULL,
    CONSTRAINT pk_acme_order_identifiers PRIMARY KEY (order_id, position),
    CONSTRAINT fk_acme_order_identifiers_order FOREIGN KEY (order_id) REFERENCES acme_orders (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- An order's authorizations, new and reused, in identifier order. An authorization may serve several orders.
CREATE TABLE acme_order_authorizations (
    order_id         VARCHAR(64) NOT NULL,
    position         INT         NOT NULL,
    authorization_id VARCHAR(64) NOT NULL,
    CONSTRAINT pk_acme_order_authorizations PRIMARY KEY (order_id, position),
    CONSTRAINT fk_acme_order_authorizations_order FOREIGN KEY (order_id) REFERENCES acme_orders (id),
    CONSTRAINT fk_acme_order_authorizations_authorization
        FOREIGN KEY (authorization_id) REFERENCES acme_authorizations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE INDEX ix_acme_order_authorizations_authorization ON acme_order_authorizations (authorization_id);
