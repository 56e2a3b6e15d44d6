-- Published CRLs (issue 4). Same conventions as V1__baseline.sql: instants are BIGINT microseconds since the epoch
-- (UTC); tables are utf8mb4 with the binary no-pad collation on InnoDB.
--
-- revocations.cert_not_after mirrors the revoked certificate's notAfter, so that CRL generation can drop entries
-- whose certificate expired longer ago than the retention without joining 1M rows against certificates.
ALTER TABLE revocations ADD COLUMN cert_not_after BIGINT NULL;
UPDATE revocations SET cert_not_after =
    (SELECT c.not_after FROM certificates c WHERE c.issuer_id = revocations.issuer_id AND c.serial = revocations.serial);
ALTER TABLE revocations MODIFY cert_not_after BIGINT NOT NULL;
-- The newest revocation of an issuer, one index probe: a CRL is due again when a revocation is newer than it.
CREATE INDEX ix_revocations_revoked_at ON revocations (issuer_id, revoked_at);

-- One row per signed CRL. The primary key makes the CRL number unique per issuer: two nodes that sign the same
-- number race on the insert, and the loser's CRL is discarded (never served). The latest few are kept.
CREATE TABLE crls (
    issuer_id    VARCHAR(40)  NOT NULL,
    crl_number   BIGINT       NOT NULL,
    this_update  BIGINT       NOT NULL,
    next_update  BIGINT       NOT NULL,
    entries      BIGINT       NOT NULL,
    size_bytes   BIGINT       NOT NULL,
    sha256       VARCHAR(64)  NOT NULL,
    published_at BIGINT       NOT NULL,
    published_by VARCHAR(255) NOT NULL,
    CONSTRAINT pk_crls PRIMARY KEY (issuer_id, crl_number),
    CONSTRAINT fk_crls_issuer FOREIGN KEY (issuer_id) REFERENCES issuers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- The DER of each CRL in parts of at most 1 MiB: a CRL with a million entries is ~40 MB, above MariaDB's default
-- max_allowed_packet (16 MiB), and a part at a time never needs a larger packet or a whole copy in one buffer.
CREATE TABLE crl_parts (
    issuer_id  VARCHAR(40) NOT NULL,
    crl_number BIGINT      NOT NULL,
    part       INT         NOT NULL,
    bytes      MEDIUMBLOB  NOT NULL,
    CONSTRAINT pk_crl_parts PRIMARY KEY (issuer_id, crl_number, part),
    CONSTRAINT fk_crl_parts_crl FOREIGN KEY (issuer_id, crl_number) REFERENCES crls (issuer_id, crl_number)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
