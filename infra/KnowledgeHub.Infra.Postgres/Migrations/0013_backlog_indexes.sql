-- Issue 19: a backlog of many queued documents is counted and paged through indexes, never read whole.
-- The queue's counts (GET /api/ingestion) and what ended in the last hour read (tenant, status, updated_at);
-- a list filtered by status reads its page in (tenant, status, created_at DESC, id) order. The re-queue at start
-- pages through ix_documents_unfinished (0001).
CREATE INDEX IF NOT EXISTS ix_documents_tenant_status_updated ON documents (tenant, status, updated_at);
CREATE INDEX IF NOT EXISTS ix_documents_tenant_status_created ON documents (tenant, status, created_at DESC, id);
