-- Version 8: pages of the current version read by OCR, with their mean word confidence (JSON); null when none were.
ALTER TABLE documents ADD COLUMN ocr_pages TEXT NULL;
PRAGMA user_version = 8;
