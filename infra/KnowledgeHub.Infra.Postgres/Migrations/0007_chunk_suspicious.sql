-- Why a chunk looks like a planted instruction; null when clean or cleared by an admin.
ALTER TABLE chunks ADD COLUMN suspicious text NULL;
