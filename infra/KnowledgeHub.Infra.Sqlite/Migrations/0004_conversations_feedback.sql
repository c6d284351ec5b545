-- Version 4: conversations, their turns (answer, citations, usage) and feedback on answers.
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    collection TEXT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    turn_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS ix_conversations_tenant_updated ON conversations (tenant, updated_at DESC, id);
CREATE TABLE IF NOT EXISTS conversation_turns (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL,
    tenant TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    collection TEXT NULL,
    question TEXT NOT NULL,
    standalone_query TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations TEXT NOT NULL,
    found INTEGER NOT NULL,
    grounded INTEGER NOT NULL,
    generator TEXT NOT NULL,
    prompt_version TEXT NULL,
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    retrieval_ms REAL NOT NULL,
    generation_ms REAL NOT NULL,
    asked_at TEXT NOT NULL,
    answered_at TEXT NOT NULL,
    UNIQUE (conversation_id, ordinal)
);
CREATE INDEX IF NOT EXISTS ix_conversation_turns_tenant_collection ON conversation_turns (tenant, collection);
CREATE TABLE IF NOT EXISTS turn_feedback (
    turn_id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    rating TEXT NOT NULL,
    corrected_answer TEXT NULL,
    comment TEXT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_turn_feedback_tenant ON turn_feedback (tenant);
PRAGMA user_version = 4;
