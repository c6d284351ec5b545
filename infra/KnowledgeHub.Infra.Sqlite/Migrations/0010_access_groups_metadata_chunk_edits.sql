-- Version 10 (issue 18): who may read a document (access groups, a JSON array; null when every key of the tenant may)
-- and the access groups of API keys (a JSON array; null when none).
ALTER TABLE documents ADD COLUMN access_groups TEXT NULL;
ALTER TABLE api_keys ADD COLUMN groups TEXT NULL;
-- Typed metadata of a document (a JSON object of up to 32 keys); null when none.
ALTER TABLE documents ADD COLUMN metadata TEXT NULL;
PRAGMA user_version = 10;
