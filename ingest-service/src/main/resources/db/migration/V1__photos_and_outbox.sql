-- ingest owns photos and the outbox (schema "ingest", created by Flyway).
CREATE TABLE photo (
    id            uuid PRIMARY KEY,
    sha256        char(64)    NOT NULL UNIQUE,  -- same bytes = same photo
    content_type  text        NOT NULL,
    width         int         NOT NULL,
    height        int         NOT NULL,
    size_bytes    bigint      NOT NULL,
    member        text,
    group_name    text,
    source        text,
    status        text        NOT NULL,
    face_count    int,
    reject_reason text,
    reject_detail text,
    uploaded_at   timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE INDEX photo_member ON photo (member);
CREATE INDEX photo_group ON photo (group_name);
CREATE INDEX photo_uploaded ON photo (uploaded_at, id);

-- Bytes apart from metadata, so listing photos never reads megabytes.
CREATE TABLE photo_content (
    photo_id uuid PRIMARY KEY REFERENCES photo (id) ON DELETE CASCADE,
    bytes    bytea NOT NULL
);

-- Transactional outbox: written with the photo, relayed to Kafka by OutboxRelay.
CREATE TABLE outbox (
    id         bigserial PRIMARY KEY,
    topic      text        NOT NULL,
    msg_key    text        NOT NULL,
    payload    text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at    timestamptz
);
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
