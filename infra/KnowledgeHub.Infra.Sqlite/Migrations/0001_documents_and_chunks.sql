-- Version 1, run at every start outside a transaction (journal_mode cannot change inside one); idempotent.
PRAGMA journal_mode = WAL;
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    collection TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    content_type TEXT NULL,
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    step TEXT NULL,
    progress_done INTEGER NOT NULL DEFAULT 0,
    progress_total INTEGER NOT NULL DEFAULT 0,
    error TEXT NULL,
    chunk_count INTEGER NULL,
    page_count INTEGER NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_documents_tenant_collection ON documents (tenant, collection);
CREATE INDEX IF NOT EXISTS ix_documents_status ON documents (status);
CREATE INDEX IF NOT EXISTS ix_documents_hash ON documents (content_hash);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    ordinal INTEGER NOT NULL,
    page INTEGER NULL,
    heading_path TEXT NULL,
    text TEXT NOT NULL,
    token_count INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_chunks_document ON chunks (document_id, version, ordinal);
