-- Version 9: connectors (configured sources), their sync runs with per-item errors, and the items each indexed.
CREATE TABLE IF NOT EXISTS connectors (
    id TEXT NOT NULL PRIMARY KEY,
    tenant TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    collection TEXT NOT NULL,
    settings TEXT NOT NULL,
    schedule TEXT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_connectors_tenant ON connectors (tenant, created_at);

CREATE TABLE IF NOT EXISTS connector_runs (
    id TEXT NOT NULL PRIMARY KEY,
    connector_id TEXT NOT NULL REFERENCES connectors (id) ON DELETE CASCADE,
    tenant TEXT NOT NULL,
    status TEXT NOT NULL,
    added INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    deleted INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    error TEXT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT NULL,
    owner TEXT NULL,
    lease_until TEXT NULL
);
CREATE INDEX IF NOT EXISTS ix_connector_runs_connector ON connector_runs (connector_id, started_at);
-- One running run per connector, whichever process asks.
CREATE UNIQUE INDEX IF NOT EXISTS ux_connector_runs_running ON connector_runs (connector_id) WHERE status = 'running';

CREATE TABLE IF NOT EXISTS connector_run_errors (
    run_id TEXT NOT NULL REFERENCES connector_runs (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    uri TEXT NOT NULL,
    error TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
);

CREATE TABLE IF NOT EXISTS connector_items (
    connector_id TEXT NOT NULL REFERENCES connectors (id) ON DELETE CASCADE,
    uri TEXT NOT NULL,
    token TEXT NOT NULL,
    document_id TEXT NOT NULL,
    state TEXT NULL,
    seen_run_id TEXT NOT NULL,
    PRIMARY KEY (connector_id, uri)
);
CREATE INDEX IF NOT EXISTS ix_connector_items_document ON connector_items (document_id);
PRAGMA user_version = 9;
