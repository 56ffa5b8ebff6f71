package io.lookalike.ingest.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.lookalike.ingest.domain.Photo;
import java.time.Instant;
import java.util.UUID;

/** What clients see of a photo: its id, labels and where it stands in the pipeline. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PhotoView(UUID id, String sha256, String contentType, int width, int height, long sizeBytes,
                        String member, String group, String source, String status, Integer faceCount,
                        String rejectReason, String rejectDetail, Instant uploadedAt, Instant updatedAt,
                        String content) {

    public static PhotoView of(Photo p) {
        return new PhotoView(p.id, p.sha256, p.contentType, p.width, p.height, p.sizeBytes, p.member, p.group,
            p.source, p.status.name().toLowerCase(), p.faceCount, p.rejectReason, p.rejectDetail, p.uploadedAt,
            p.updatedAt, "/api/photos/" + p.id + "/content");
    }
}
