-- Version 12 (issue 18): chunk size and overlap per collection set through the API (PUT /api/collections/{name}/chunking);
-- they override the configuration's KnowledgeHub:Chunking:Collections entry.
CREATE TABLE IF NOT EXISTS collection_chunking (
    tenant         TEXT    NOT NULL,
    collection     TEXT    NOT NULL,
    max_tokens     INTEGER NOT NULL,
    overlap_tokens INTEGER NOT NULL,
    updated_at     TEXT    NOT NULL,
    PRIMARY KEY (tenant, collection)
);
PRAGMA user_version = 12;
