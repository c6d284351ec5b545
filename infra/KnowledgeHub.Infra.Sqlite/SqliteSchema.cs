namespace KnowledgeHub.Infra.Sqlite;

internal static class SqliteSchema
{
    public const int CurrentVersion = 7;

    /// <summary>Version 7: why a chunk looks like a planted instruction (null when clean or cleared by an admin).</summary>
    public const string UpgradeToVersion7 = """
        ALTER TABLE chunks ADD COLUMN suspicious TEXT NULL;
        PRAGMA user_version = 7;
        """;

    // Version 4: conversations, their turns (answer, citations, usage) and feedback on answers.
    /// <summary>
    /// Version 6, retention: conversations by last activity across tenants (the other index is tenant-first), and the
    /// usage of the turns it deleted, per tenant and collection ('' = asked over all collections).
    /// </summary>
    public const string UpgradeToVersion6 = """
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
        """;

    /// <summary>Version 5: document tags (a JSON array; null when none).</summary>
    public const string UpgradeToVersion5 = """
        ALTER TABLE documents ADD COLUMN tags TEXT NULL;
        PRAGMA user_version = 5;
        """;

    public const string UpgradeToVersion4 = """
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
        """;

    // Version 3: API keys (only the SHA-256 of the secret), upload receipts for Idempotency-Key, and the index behind paged lists.
    public const string UpgradeToVersion3 = """
        CREATE TABLE IF NOT EXISTS api_keys (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            tenant TEXT NOT NULL,
            role TEXT NOT NULL,
            secret_hash BLOB NOT NULL,
            created_at TEXT NOT NULL,
            last_used_at TEXT NULL,
            revoked_at TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_api_keys_tenant ON api_keys (tenant, created_at);
        CREATE TABLE IF NOT EXISTS upload_receipts (
            tenant TEXT NOT NULL,
            key TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            document_id TEXT NOT NULL,
            status_code INTEGER NOT NULL,
            response_body TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (tenant, key)
        );
        CREATE INDEX IF NOT EXISTS ix_documents_tenant_created ON documents (tenant, created_at DESC, id);
        PRAGMA user_version = 3;
        """;

    // Version 2: step timings per document, chunk bounding boxes, and the embedding cache (identical chunk text is embedded once).
    public const string UpgradeToVersion2 = """
        ALTER TABLE documents ADD COLUMN steps TEXT NULL;
        ALTER TABLE chunks ADD COLUMN box TEXT NULL;
        CREATE TABLE IF NOT EXISTS embedding_cache (
            model TEXT NOT NULL,
            text_hash TEXT NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (model, text_hash)
        );
        CREATE INDEX IF NOT EXISTS ix_documents_collection_hash ON documents (tenant, collection, content_hash);
        PRAGMA user_version = 2;
        """;

    // Version 1. Idempotent; later versions are applied by PRAGMA user_version (SQLite is single-host: no lock needed).
    public const string Create = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS documents (
            id TEXT PRIMARY KEY,
            tenant TEXT NOT NULL,
            collection TEXT NOT NULL,
            file_name TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            size_bytes INTEGER NOT NULL,
            content_type TEXT NULL,
            version INTEGER NOT NULL,
            status TEXT NOT NULL,
            step TEXT NULL,
            progress_done INTEGER NOT NULL DEFAULT 0,
            progress_total INTEGER NOT NULL DEFAULT 0,
            error TEXT NULL,
            chunk_count INTEGER NULL,
            page_count INTEGER NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_documents_tenant_collection ON documents (tenant, collection);
        CREATE INDEX IF NOT EXISTS ix_documents_status ON documents (status);
        CREATE INDEX IF NOT EXISTS ix_documents_hash ON documents (content_hash);
        CREATE TABLE IF NOT EXISTS chunks (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            ordinal INTEGER NOT NULL,
            page INTEGER NULL,
            heading_path TEXT NULL,
            text TEXT NOT NULL,
            token_count INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_chunks_document ON chunks (document_id, version, ordinal);
        """;
}
