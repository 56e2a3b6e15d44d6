-- Delta CRLs (RFC 5280 §5.2.4). Same conventions as V1__baseline.sql.
--
-- base_number is NULL for a full CRL (every existing row) and, for a delta CRL, the number of the full CRL it is a
-- delta of (its Delta CRL Indicator). Both kinds share crl_number, one strictly increasing sequence per issuer
-- (RFC 5280 §5.2.3), so the primary key still lets only one node store a number.
ALTER TABLE crls ADD COLUMN base_number BIGINT NULL;
