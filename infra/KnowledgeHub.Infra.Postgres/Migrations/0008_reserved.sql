-- Placeholder on the connectors branch only: version 8 belongs to another change being merged; drop this file when
-- that change's 0008 arrives (migrations must be numbered without gaps, and a database that recorded this placeholder
-- would never run the real 0008).
SELECT 1;
