-- Operators list ACME accounts across all directories, newest first (GET /api/v1/acme/accounts without a directory).
-- ix_acme_accounts_created starts with the directory, so without this index that listing sorts the whole table;
-- with it, a page is a short backward range read at any number of accounts. Same conventions as V2__acme.sql.
CREATE INDEX ix_acme_accounts_listing ON acme_accounts (created_at, id);
