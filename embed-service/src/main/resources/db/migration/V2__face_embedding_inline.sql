-- A 512-D vector (2,056 bytes) is just over the TOAST threshold, so by default every embedding lives out of line
-- and an exact scan reads one TOAST lookup per face. Kept inline it is one sequential read (new rows; a re-embed
-- or VACUUM FULL moves old ones).
ALTER TABLE embed.face ALTER COLUMN embedding SET STORAGE PLAIN;
