-- Placeholder on the connectors branch only: version 8 belongs to another change being merged; drop this file when
-- that change's 0008 arrives (steps must be numbered without gaps).
PRAGMA user_version = 8;
