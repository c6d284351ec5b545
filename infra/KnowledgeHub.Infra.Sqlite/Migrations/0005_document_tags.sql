-- Version 5: document tags (a JSON array; null when none).
ALTER TABLE documents ADD COLUMN tags TEXT NULL;
PRAGMA user_version = 5;
