-- Version 2: step timings per document, chunk bounding boxes, and the embedding cache (identical chunk text is
-- embedded once).
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
