-- Issue 18: who may read a document (access groups, a JSON array as text; null when every key of the tenant may)
-- and the access groups of API keys (a JSON array as text; null when none).
ALTER TABLE documents ADD COLUMN access_groups text NULL;
ALTER TABLE api_keys ADD COLUMN groups text NULL;
-- Typed metadata of a document (a JSON object of up to 32 keys); null when none.
ALTER TABLE documents ADD COLUMN metadata text NULL;
