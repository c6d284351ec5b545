-- Version 11 (issue 18): corrections of chunks by a person, kept apart from the chunks a version's ingestion writes so
-- that a re-run of the same bytes (retry, rebuild, a re-sync that re-chunks) finds them again. Keyed by the document,
-- the bytes of the version (content hash) and the chunk's ordinal; original_text guards against a re-chunking that
-- puts other text at that ordinal (the correction is then not applied). A new version with other bytes has another
-- hash and so none of these. text and token_count are null when only the exclusion was set; edited_by is the API key's id, edited_by_name its name; excluded is 0 or 1.
CREATE TABLE IF NOT EXISTS chunk_corrections (
    document_id TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    original_text TEXT NOT NULL,
    text TEXT NULL,
    token_count INTEGER NULL,
    excluded INTEGER NOT NULL DEFAULT 0,
    edited_by TEXT NOT NULL,
    edited_by_name TEXT NULL,
    edited_at TEXT NOT NULL,
    PRIMARY KEY (document_id, content_hash, ordinal)
);
PRAGMA user_version = 11;
