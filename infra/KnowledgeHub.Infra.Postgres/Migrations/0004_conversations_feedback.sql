-- Version 4: conversations, their turns (answer, citations, usage) and feedback on answers.
CREATE TABLE conversations (
    id text PRIMARY KEY,
    tenant text NOT NULL,
    collection text NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    turn_count integer NOT NULL DEFAULT 0
);
CREATE INDEX ix_conversations_tenant_updated ON conversations (tenant, updated_at DESC, id);

CREATE TABLE conversation_turns (
    id text PRIMARY KEY,
    conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    tenant text NOT NULL,
    ordinal integer NOT NULL,
    collection text NULL,
    question text NOT NULL,
    standalone_query text NOT NULL,
    answer text NOT NULL,
    citations json NOT NULL, -- json, not jsonb: the text comes back as written
    found boolean NOT NULL,
    grounded boolean NOT NULL,
    generator text NOT NULL,
    prompt_version text NULL,
    prompt_tokens integer NOT NULL,
    completion_tokens integer NOT NULL,
    retrieval_ms double precision NOT NULL,
    generation_ms double precision NOT NULL,
    asked_at timestamptz NOT NULL,
    answered_at timestamptz NOT NULL,
    UNIQUE (conversation_id, ordinal)
);
CREATE INDEX ix_conversation_turns_tenant_collection ON conversation_turns (tenant, collection);

CREATE TABLE turn_feedback (
    turn_id text PRIMARY KEY REFERENCES conversation_turns (id) ON DELETE CASCADE,
    tenant text NOT NULL,
    rating text NOT NULL CHECK (rating IN ('up', 'down')),
    corrected_answer text NULL,
    comment text NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX ix_turn_feedback_tenant ON turn_feedback (tenant);
