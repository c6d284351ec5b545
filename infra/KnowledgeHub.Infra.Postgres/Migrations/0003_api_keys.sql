-- Version 3: API keys (only the SHA-256 of the secret) and upload receipts for Idempotency-Key (paged lists use ix_documents_tenant_created from version 1).
CREATE TABLE api_keys (
    id text PRIMARY KEY,
    name text NOT NULL,
    tenant text NOT NULL,
    role text NOT NULL CHECK (role IN ('admin', 'ingest', 'ask')),
    secret_hash bytea NOT NULL,
    created_at timestamptz NOT NULL,
    last_used_at timestamptz NULL,
    revoked_at timestamptz NULL
);
CREATE INDEX ix_api_keys_tenant ON api_keys (tenant, created_at);

CREATE TABLE upload_receipts (
    tenant text NOT NULL,
    key text NOT NULL,
    fingerprint text NOT NULL,
    document_id text NOT NULL,
    status_code integer NOT NULL,
    response_body text NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (tenant, key)
);
