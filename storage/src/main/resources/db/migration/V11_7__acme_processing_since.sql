-- Crash recovery for ACME (issue 7). Same conventions as V1__baseline.sql.
--
-- processing_since records when an order entered processing (finalize began issuing) or a challenge entered
-- processing (validation began), in microseconds since the epoch. A node killed mid-flow leaves the row in
-- processing; housekeeping on any node fails it cleanly once processing_since is older than
-- sigil.acme.processing-timeout. NULL for rows that were processing before this migration (the older rule, invalid
-- ten minutes after the order's expiry, still covers those orders).
ALTER TABLE acme_orders ADD COLUMN processing_since BIGINT NULL;
ALTER TABLE acme_challenges ADD COLUMN processing_since BIGINT NULL;
CREATE INDEX ix_acme_orders_status_processing ON acme_orders (status, processing_since);
CREATE INDEX ix_acme_challenges_status_processing ON acme_challenges (status, processing_since);
