-- Retention deletes conversations by last activity across every tenant; the tenant-first index cannot serve that.
CREATE INDEX ix_conversations_updated ON conversations (updated_at, id);

-- The usage of the turns retention deleted, so /api/usage totals survive it ('' = asked over all collections).
CREATE TABLE usage_archive (
    tenant text NOT NULL,
    collection text NOT NULL,
    answers bigint NOT NULL,
    prompt_tokens bigint NOT NULL,
    completion_tokens bigint NOT NULL,
    retrieval_ms double precision NOT NULL,
    generation_ms double precision NOT NULL,
    PRIMARY KEY (tenant, collection)
);
