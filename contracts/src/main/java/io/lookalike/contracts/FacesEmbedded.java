package io.lookalike.contracts;

import java.util.List;
import java.util.UUID;

/** Faces of a photo were stored with their vectors (embed-service's {@code face} rows hold the details). */
public record FacesEmbedded(int schemaVersion, UUID photoId, String modelId, int faceCount,
                            List<Long> faceIds, String member, String group) {
    public static final int SCHEMA_VERSION = 1;
}
