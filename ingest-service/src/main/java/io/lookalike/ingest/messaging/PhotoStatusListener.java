package io.lookalike.ingest.messaging;

import io.lookalike.contracts.FacesEmbedded;
import io.lookalike.contracts.PhotoRejected;
import io.lookalike.ingest.domain.Photo;
import io.lookalike.ingest.domain.PhotoStatus;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Records on the photo what embed-service found: embedded with N faces, or rejected with a reason. */
@ApplicationScoped
public class PhotoStatusListener {
    public static final String EMBEDDED = "faces-embedded";
    public static final String REJECTED = "photos-rejected";

    @Incoming(EMBEDDED)
    @Blocking
    @Transactional
    public void embedded(FacesEmbedded event) {
        Photo photo = Photo.findById(event.photoId());
        if (photo != null) { // deleted meanwhile: nothing to record
            photo.status = PhotoStatus.EMBEDDED;
            photo.faceCount = event.faceCount();
            photo.rejectReason = null;
            photo.rejectDetail = null;
            photo.updatedAt = Instant.now();
        }
    }

    @Incoming(REJECTED)
    @Blocking
    @Transactional
    public void rejected(PhotoRejected event) {
        Photo photo = Photo.findById(event.photoId());
        if (photo != null) {
            photo.status = PhotoStatus.REJECTED;
            photo.faceCount = 0;
            photo.rejectReason = event.reason().name();
            photo.rejectDetail = event.detail();
            photo.updatedAt = Instant.now();
        }
    }
}
