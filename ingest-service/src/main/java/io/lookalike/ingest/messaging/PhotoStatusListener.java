package io.lookalike.ingest.messaging;

import io.lookalike.contracts.FacesEmbedded;
import io.lookalike.contracts.PhotoRejected;
import io.lookalike.ingest.domain.Photo;
import io.lookalike.ingest.domain.PhotoStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Records on the photo what embed-service found: embedded with N faces, or rejected with a reason. While the database
 * is away (a restart takes seconds) an outcome is retried for up to 30 s, each try in a transaction of its own,
 * rather than sent to the dead-letter topic with the photo left queued for ever.
 */
@ApplicationScoped
public class PhotoStatusListener {
    public static final String EMBEDDED = "faces-embedded";
    public static final String REJECTED = "photos-rejected";

    @Incoming(EMBEDDED)
    @Blocking
    @Retry(maxRetries = 60, delay = 500, maxDuration = 30_000)
    public void embedded(FacesEmbedded event) {
        update(event.photoId(), photo -> {
            photo.status = PhotoStatus.EMBEDDED;
            photo.faceCount = event.faceCount();
            photo.rejectReason = null;
            photo.rejectDetail = null;
        });
    }

    @Incoming(REJECTED)
    @Blocking
    @Retry(maxRetries = 60, delay = 500, maxDuration = 30_000)
    public void rejected(PhotoRejected event) {
        update(event.photoId(), photo -> {
            photo.status = PhotoStatus.REJECTED;
            photo.faceCount = 0;
            photo.rejectReason = event.reason().name();
            photo.rejectDetail = event.detail();
        });
    }

    private static void update(UUID photoId, Consumer<Photo> change) {
        QuarkusTransaction.requiringNew().run(() -> {
            Photo photo = Photo.findById(photoId);
            if (photo != null) { // deleted meanwhile: nothing to record
                change.accept(photo);
                photo.updatedAt = Instant.now();
            }
        });
    }
}
