-- Version 3: API keys (only the SHA-256 of the secret), upload receipts for Idempotency-Key, and the index
-- behind paged lists.
CREATE TABLE IF NOT EXISTS api_keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    tenant TEXT NOT NULL,
    role TEXT NOT NULL,
    secret_hash BLOB NOT NULL,
    created_at TEXT NOT NULL,
    last_used_at TEXT NULL,
    revoked_at TEXT NULL
);
CREATE INDEX IF NOT EXISTS ix_api_keys_tenant ON api_keys (tenant, created_at);
CREATE TABLE IF NOT EXISTS upload_receipts (
    tenant TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    document_id TEXT NOT NULL,
    status_code INTEGER NOT NULL,
    response_body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (tenant, key)
);
CREATE INDEX IF NOT EXISTS ix_documents_tenant_created ON documents (tenant, created_at DESC, id);
PRAGMA user_version = 3;
