-- Document tags for search filters: a JSON array as text; NULL when the document has none.
ALTER TABLE documents ADD COLUMN tags text NULL;
