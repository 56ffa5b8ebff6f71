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
 * (retried for up to 30 s, as {@link PhotoConsumer} does) rather than leaving a deleted photo's faces behind.
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
    @Retry(maxRetries = 30, delay = 1000, maxDuration = 30_000, abortOn = MalformedRecordException.class)
    public void relabelled(String record) {
        PhotoRelabelled event = parse(record, PhotoRelabelled.class);
        faces.relabel(event.photoId(), event.member(), event.group());
    }

    @Incoming(DELETED)
    @Blocking
    @Retry(maxRetries = 30, delay = 1000, maxDuration = 30_000, abortOn = MalformedRecordException.class)
    public void deleted(String record) {
        faces.deletePhoto(parse(record, PhotoDeleted.class).photoId());
    }

    private <T> T parse(String record, Class<T> type) {
        try {
            return json.readValue(record, type);
        } catch (IOException e) {
            throw new MalformedRecordException("not a " + type.getSimpleName() + " event: " + e.getMessage(), e);
        }
    }
}
