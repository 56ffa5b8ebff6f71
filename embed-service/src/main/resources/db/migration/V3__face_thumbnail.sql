-- A small JPEG of each face, cut when the face is embedded (the decoded photo is at hand then), so dashboards show
-- faces without fetching and decoding megabyte photos. Deleting the face row deletes its thumbnail.
ALTER TABLE embed.face ADD COLUMN thumbnail bytea;
