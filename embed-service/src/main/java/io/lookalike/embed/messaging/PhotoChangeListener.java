package io.lookalike.embed.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lookalike.contracts.PhotoDeleted;
import io.lookalike.contracts.PhotoRelabelled;
import io.lookalike.embed.service.FaceRepository;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps face rows in step with their photo: new labels, or erased with the photo. A database outage is ridden out
 * (retried for up to 20 s, as {@link PhotoConsumer} does) rather than leaving a deleted photo's faces behind.
 */
@ApplicationScoped
public class PhotoChangeListener {
    public static final String RELABELLED = "photos-relabelled";
    public static final String DELETED = "photos-deleted";

    private final ObjectMapper json;
    private final FaceRepository faces;

    public PhotoChangeListener(ObjectMapper json, FaceRepository faces) {
        this.json = json;
        this.faces = faces;
    }

    @Incoming(RELABELLED)
    @Blocking
    @Retry(maxRetries = 20, delay = 1000, maxDuration = 20_000, abortOn = IOException.class)
    public void relabelled(String record) throws IOException {
        PhotoRelabelled event = json.readValue(record, PhotoRelabelled.class);
        faces.relabel(event.photoId(), event.member(), event.group());
    }

    @Incoming(DELETED)
    @Blocking
    @Retry(maxRetries = 20, delay = 1000, maxDuration = 20_000, abortOn = IOException.class)
    public void deleted(String record) throws IOException {
        faces.deletePhoto(json.readValue(record, PhotoDeleted.class).photoId());
    }
}
