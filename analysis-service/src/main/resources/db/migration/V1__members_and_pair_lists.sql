-- analysis owns what it derives from embed.face (schema "analysis"); embed.face itself is only read.
CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;
SET search_path TO analysis, public;

-- One row per labelled member and model: the normalised mean of the member's face vectors (MemberVectors keeps it).
CREATE TABLE member (
    model_id    text        NOT NULL,   -- vectors of different models are never compared
    name        text        NOT NULL,
    group_name  text,                   -- the group most of the member's faces carry
    photo_count int         NOT NULL,
    face_count  int         NOT NULL,
    vector      vector(512) NOT NULL,   -- L2-normalised
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (model_id, name)
);
-- Kept inline (a 512-D vector is just over the TOAST threshold): exact scans then read pages, not TOAST chunks.
ALTER TABLE member ALTER COLUMN vector SET STORAGE PLAIN;
CREATE INDEX member_group ON member (model_id, group_name);
-- Cosine HNSW: unit vectors, so cosine order = Euclidean order; group filters use iterative scans (pgvector 0.8).
CREATE INDEX member_vector_hnsw ON member USING hnsw (vector vector_cosine_ops);

-- "CP lists": named, hand-picked pairs of members, ranked live by likeness.
CREATE TABLE pair_list (
    id         bigserial   PRIMARY KEY,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE pair_list_pair (
    list_id  bigint NOT NULL REFERENCES pair_list (id) ON DELETE CASCADE,
    position int    NOT NULL,
    member_a text   NOT NULL,   -- by name: a member may gain or lose its vector while the list lives
    member_b text   NOT NULL,
    PRIMARY KEY (list_id, position)
);
