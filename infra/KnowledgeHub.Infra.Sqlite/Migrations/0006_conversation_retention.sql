-- Version 6, retention: conversations by last activity across tenants (the other index is tenant-first), and the
-- usage of the turns it deleted, per tenant and collection ('' = asked over all collections).
CREATE INDEX IF NOT EXISTS ix_conversations_updated ON conversations (updated_at, id);
CREATE TABLE IF NOT EXISTS usage_archive (
    tenant TEXT NOT NULL,
    collection TEXT NOT NULL,
    answers INTEGER NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    retrieval_ms REAL NOT NULL,
    generation_ms REAL NOT NULL,
    PRIMARY KEY (tenant, collection)
);
PRAGMA user_version = 6;
