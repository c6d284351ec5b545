-- Version 1: the tables of the SQLite store, with native types. Never edit an applied migration; add the next number.
CREATE TABLE documents (
    id text PRIMARY KEY,
    tenant text NOT NULL,
    collection text NOT NULL,
    file_name text NOT NULL,
    content_hash text NOT NULL,
    size_bytes bigint NOT NULL,
    content_type text NULL,
    version integer NOT NULL,
    status text NOT NULL CHECK (status IN ('queued', 'processing', 'completed', 'failed')),
    step text NULL,
    progress_done integer NOT NULL DEFAULT 0,
    progress_total integer NOT NULL DEFAULT 0,
    error text NULL,
    chunk_count integer NULL,
    page_count integer NULL,
    attempts integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE INDEX ix_documents_tenant_created ON documents (tenant, created_at DESC, id);
CREATE INDEX ix_documents_tenant_collection_created ON documents (tenant, collection, created_at DESC, id);
-- Only unfinished rows are ever listed by status, and they are few next to the finished ones.
CREATE INDEX ix_documents_unfinished ON documents (created_at, id) WHERE status IN ('queued', 'processing');
CREATE INDEX ix_documents_hash ON documents (content_hash);

-- No foreign key to documents: as in SQLite, chunks may be written for a document id the caller owns,
-- and DeleteAsync removes them explicitly.
CREATE TABLE chunks (
    id text PRIMARY KEY,
    document_id text NOT NULL,
    version integer NOT NULL,
    ordinal integer NOT NULL,
    page integer NULL,
    heading_path text NULL,
    text text NOT NULL,
    token_count integer NOT NULL
);

CREATE INDEX ix_chunks_document ON chunks (document_id, version, ordinal);
