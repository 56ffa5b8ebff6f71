package io.lookalike.embed.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lookalike.contracts.PhotoUploaded;
import io.lookalike.embed.service.PhotoEmbedding;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The embed worker: one {@code photos.uploaded} record at a time per worker thread (workers = configurable pool).
 * The offset is committed only after the outcome is on Kafka, so a killed worker's records are redone by
 * another; {@code FaceRepository} makes that harmless. A failure (database, broker, ingest-service away for a moment)
 * is retried here for up to 30 s, long enough for a database restart; the outcome waits for the broker as long as
 * the producer does (its delivery timeout, 2 min), so a broker restart loses nothing either. Only a record that still
 * fails, or one that is not a {@code photos.uploaded} event at all, goes to the dead-letter topic, so nothing blocks
 * the partition (and {@code ./lookalike dlq replay} sends it back once the cause is gone).
 */
@ApplicationScoped
public class PhotoConsumer {
    public static final String CHANNEL = "photos-uploaded";
    public static final String WORKERS = "embed-workers";
    /** The producer's delivery.timeout.ms (2 min, Kafka's default) and a little: it fails the send itself first. */
    static final long PUBLISH_TIMEOUT_S = 125;

    private final ObjectMapper json;
    private final PhotoEmbedding embedding;
    private final FaceEvents events;

    public PhotoConsumer(ObjectMapper json, PhotoEmbedding embedding, FaceEvents events) {
        this.json = json;
        this.embedding = embedding;
        this.events = events;
    }

    @Incoming(CHANNEL)
    @Blocking(value = WORKERS, ordered = false)
    @Retry(maxRetries = 30, delay = 1000, jitter = 250, maxDuration = 30_000, abortOn = MalformedRecordException.class)
    public void consume(String record) throws Exception {
        PhotoUploaded photo = parse(record);
        PhotoEmbedding.Outcome outcome = embedding.embed(photo.photoId(), photo.member(), photo.group());
        events.publish(outcome).toCompletableFuture().get(PUBLISH_TIMEOUT_S, TimeUnit.SECONDS);
    }

    private PhotoUploaded parse(String record) {
        PhotoUploaded photo;
        try {
            photo = json.readValue(record, PhotoUploaded.class);
        } catch (IOException e) {
            throw new MalformedRecordException("not a photos.uploaded event: " + e.getMessage(), e);
        }
        if (photo.photoId() == null) {
            throw new MalformedRecordException("photos.uploaded record without photoId: " + record, null);
        }
        return photo;
    }
}
