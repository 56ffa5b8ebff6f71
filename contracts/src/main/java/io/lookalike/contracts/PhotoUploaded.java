package io.lookalike.contracts;

import java.time.Instant;
import java.util.UUID;

/** A photo was accepted and stored; its bytes are at ingest-service {@code GET /api/photos/{photoId}/content}. */
public record PhotoUploaded(int schemaVersion, UUID photoId, String sha256, String contentType,
                            int width, int height, long sizeBytes, String member, String group,
                            String source, Instant uploadedAt) {
    public static final int SCHEMA_VERSION = 1;
}
