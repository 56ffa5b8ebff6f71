-- JPEG, PNG and WebP are compressed already: PostgreSQL's attempt to compress each 100 KB upload again costs CPU on
-- every insert and saves nothing. EXTERNAL keeps the bytes out of line, uncompressed.
ALTER TABLE ingest.photo_content ALTER COLUMN bytes SET STORAGE EXTERNAL;
