-- Issue 18: corrections of chunks by a person, kept apart from the chunks a version's ingestion writes so that a re-run
-- of the same bytes (retry, rebuild, a re-sync that re-chunks) finds them again. Keyed by the document, the bytes of the
-- version (content hash) and the chunk's ordinal; original_text guards against a re-chunking that puts other text at
-- that ordinal (the correction is then not applied). A new version with other bytes has another hash and so none of
-- these. text and token_count are null when only the exclusion was set; edited_by is the API key's id, edited_by_name its name.
CREATE TABLE IF NOT EXISTS chunk_corrections (
    document_id text NOT NULL,
    content_hash text NOT NULL,
    ordinal integer NOT NULL,
    original_text text NOT NULL,
    text text NULL,
    token_count integer NULL,
    excluded boolean NOT NULL DEFAULT false,
    edited_by text NOT NULL,
    edited_by_name text NULL,
    edited_at timestamptz NOT NULL,
    PRIMARY KEY (document_id, content_hash, ordinal)
);
