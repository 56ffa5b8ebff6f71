-- embed owns faces and their vectors (schema "embed"); analysis-service reads them.
CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;
SET search_path TO embed, public;

CREATE TABLE face (
    id              bigserial PRIMARY KEY,
    photo_id        uuid        NOT NULL,
    face_index      int         NOT NULL,   -- order of detection confidence within the photo
    model_id        text        NOT NULL,   -- vectors of different models are never compared
    member          text,                   -- the photo's member label, on its main (largest) face only
    group_name      text,
    box_x           int         NOT NULL,
    box_y           int         NOT NULL,
    box_width       int         NOT NULL,
    box_height      int         NOT NULL,
    image_width     int         NOT NULL,
    image_height    int         NOT NULL,
    landmarks       real[]      NOT NULL,   -- 68 (x, y) pairs in image pixels
    detection_score real        NOT NULL,
    size            int         NOT NULL,   -- longer side of the box, pixels
    quality         real        NOT NULL,
    sharpness       real        NOT NULL,
    embedding       vector(512) NOT NULL,   -- L2-normalised
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- a redelivered record writes nothing new
    CONSTRAINT face_once UNIQUE (photo_id, face_index, model_id)
);
CREATE INDEX face_photo ON face (photo_id);
CREATE INDEX face_member ON face (member) WHERE member IS NOT NULL;
-- Cosine HNSW for nearest-neighbour queries (analysis-service); vectors are unit length, so cosine order = Euclidean order.
CREATE INDEX face_embedding_hnsw ON face USING hnsw (embedding vector_cosine_ops);
