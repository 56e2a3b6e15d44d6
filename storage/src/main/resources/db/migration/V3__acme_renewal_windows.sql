-- Operator overrides of the ACME Renewal Information (RFC 9773) suggested window: one row per certificate whose
-- window an operator pulled earlier (e.g. before a planned mass revocation). Stored here rather than in a node's
-- memory so that every node answers renewal-info alike, and the override survives restarts.
-- Same conventions as V1__baseline.sql and V2__acme.sql: instants are BIGINT microseconds since the epoch (UTC),
-- tables are utf8mb4 with the binary no-pad collation on InnoDB. Column sizes are mirrored in
-- dev.sigil.storage.jpa.JpaAcmeRenewalWindows.
--
-- A later suggestion replaces an earlier one (the primary key allows one per certificate); created_at and
-- created_by then name the later suggestion. Every write also appends an audit record, which keeps the history.
-- Unlike acme_orders, this table has a foreign key to certificates: an override is only ever written for a
-- certificate that is already committed, and certificate rows are never deleted, so the key costs the inventory's
-- write path nothing. The audit head is locked first, as by every ledger write, so the parent-row lock it takes
-- cannot deadlock with a revocation.
CREATE TABLE acme_renewal_windows (
    issuer_id    VARCHAR(40)  NOT NULL,
    serial       VARCHAR(40)  NOT NULL,
    window_start BIGINT       NOT NULL,
    window_end   BIGINT       NOT NULL,
    reason       VARCHAR(255) NOT NULL,
    created_at   BIGINT       NOT NULL,
    created_by   VARCHAR(255) NOT NULL,
    CONSTRAINT pk_acme_renewal_windows PRIMARY KEY (issuer_id, serial),
    CONSTRAINT fk_acme_renewal_windows_certificate
        FOREIGN KEY (issuer_id, serial) REFERENCES certificates (issuer_id, serial)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
