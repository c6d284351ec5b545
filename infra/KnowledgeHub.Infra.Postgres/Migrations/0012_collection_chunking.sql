-- Issue 18: chunk size and overlap per collection set through the API (PUT /api/collections/{name}/chunking);
-- they override the configuration's KnowledgeHub:Chunking:Collections entry.
CREATE TABLE IF NOT EXISTS collection_chunking (
    tenant         text        NOT NULL,
    collection     text        NOT NULL,
    max_tokens     integer     NOT NULL,
    overlap_tokens integer     NOT NULL,
    updated_at     timestamptz NOT NULL,
    PRIMARY KEY (tenant, collection)
);
