-- Version 13 (issue 19): a backlog of many queued documents is counted and paged through indexes, never read whole.
-- The queue's counts (GET /api/ingestion) and what ended in the last hour read (tenant, status, updated_at);
-- a list filtered by status reads its page in (tenant, status, created_at DESC, id) order; the re-queue at start pages
-- through the unfinished rows alone, oldest first.
CREATE INDEX IF NOT EXISTS ix_documents_tenant_status_updated ON documents (tenant, status, updated_at);
CREATE INDEX IF NOT EXISTS ix_documents_tenant_status_created ON documents (tenant, status, created_at DESC, id);
CREATE INDEX IF NOT EXISTS ix_documents_unfinished ON documents (created_at, id) WHERE status IN ('queued', 'processing');
PRAGMA user_version = 13;
