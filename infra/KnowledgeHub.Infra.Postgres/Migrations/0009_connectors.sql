-- Connectors (configured sources), their sync runs with per-item errors, and the items each indexed.
CREATE TABLE IF NOT EXISTS connectors (
    id text PRIMARY KEY,
    tenant text NOT NULL,
    name text NOT NULL,
    kind text NOT NULL,
    collection text NOT NULL,
    settings text NOT NULL,
    schedule text NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_connectors_tenant ON connectors (tenant, created_at);

CREATE TABLE IF NOT EXISTS connector_runs (
    id text PRIMARY KEY,
    connector_id text NOT NULL REFERENCES connectors (id) ON DELETE CASCADE,
    tenant text NOT NULL,
    status text NOT NULL,
    added integer NOT NULL DEFAULT 0,
    updated integer NOT NULL DEFAULT 0,
    deleted integer NOT NULL DEFAULT 0,
    unchanged integer NOT NULL DEFAULT 0,
    failed integer NOT NULL DEFAULT 0,
    error text NULL,
    started_at timestamptz NOT NULL,
    finished_at timestamptz NULL,
    owner text NULL,
    lease_until timestamptz NULL
);
CREATE INDEX IF NOT EXISTS ix_connector_runs_connector ON connector_runs (connector_id, started_at);
-- One running run per connector, whichever replica asks.
CREATE UNIQUE INDEX IF NOT EXISTS ux_connector_runs_running ON connector_runs (connector_id) WHERE status = 'running';

CREATE TABLE IF NOT EXISTS connector_run_errors (
    run_id text NOT NULL REFERENCES connector_runs (id) ON DELETE CASCADE,
    seq integer NOT NULL,
    uri text NOT NULL,
    error text NOT NULL,
    at timestamptz NOT NULL,
    PRIMARY KEY (run_id, seq)
);

CREATE TABLE IF NOT EXISTS connector_items (
    connector_id text NOT NULL REFERENCES connectors (id) ON DELETE CASCADE,
    uri text NOT NULL,
    token text NOT NULL,
    document_id text NOT NULL,
    state text NULL,
    seen_run_id text NOT NULL,
    PRIMARY KEY (connector_id, uri)
);
CREATE INDEX IF NOT EXISTS ix_connector_items_document ON connector_items (document_id);
