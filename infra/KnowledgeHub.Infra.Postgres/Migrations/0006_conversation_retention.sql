-- Retention deletes conversations by last activity across every tenant; the tenant-first index cannot serve that.
CREATE INDEX ix_conversations_updated ON conversations (updated_at, id);
