-- Version 2: step timings per document, chunk bounding boxes, the embedding cache, and the lookup of a collection's document by content.
ALTER TABLE documents ADD COLUMN steps text NULL;
ALTER TABLE chunks ADD COLUMN box text NULL;

CREATE INDEX ix_documents_collection_hash ON documents (tenant, collection, content_hash);

CREATE TABLE embedding_cache (
    model text NOT NULL,
    text_hash text NOT NULL,
    vector bytea NOT NULL,
    PRIMARY KEY (model, text_hash)
);
