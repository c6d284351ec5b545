-- Version 7: why a chunk looks like a planted instruction (null when clean or cleared by an admin).
ALTER TABLE chunks ADD COLUMN suspicious TEXT NULL;
PRAGMA user_version = 7;
