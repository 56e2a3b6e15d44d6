-- Certificate search for incident response (issue 6). Same conventions as V1__baseline.sql.
--
-- san_value_reversed holds san_value's characters in reverse order, so that a suffix pattern such as *.ci.internal
-- becomes the prefix range 'lanretni.ic.%' of an index (a LIKE with a leading wildcard can use no index). It is
-- written by the application with every SAN; V10_4 (a Java migration: H2 has no REVERSE function) fills it for the
-- rows that exist. NULL only until then.
ALTER TABLE certificate_sans ADD COLUMN san_value_reversed VARCHAR(255) NULL;
CREATE INDEX ix_certificate_sans_value_reversed ON certificate_sans (san_value_reversed);

-- Sorting by expiry with keyset pagination: ORDER BY not_after, serial, issuer_id (either direction).
CREATE INDEX ix_certificates_not_after ON certificates (not_after, serial, issuer_id);
