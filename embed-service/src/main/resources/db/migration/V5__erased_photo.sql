-- Photos erased at ingest-service (photos.deleted). A worker that fetched a photo just before it was erased must not
-- store its faces afterwards: FaceRepository checks this table under the photo's lock before it writes. Ids only.
CREATE TABLE embed.erased_photo (
    photo_id  uuid        PRIMARY KEY,
    erased_at timestamptz NOT NULL DEFAULT now()
);
