-- Pages of the current version read by OCR, with their mean word confidence (JSON); null when none were.
ALTER TABLE documents ADD COLUMN ocr_pages text NULL;
