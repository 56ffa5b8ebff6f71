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
 * is retried here for up to 20 s, long enough for a database restart; only a record that still fails, or one that
 * is not a {@code photos.uploaded} event at all, goes to the dead-letter topic, so nothing blocks the partition
 * (and {@code ./lookalike dlq replay} sends it back once the cause is gone). 20 s stays well inside the 60 s a record
 * may wait unacknowledged before the connector gives up on the channel.
 */
@ApplicationScoped
public class PhotoConsumer {
    public static final String CHANNEL = "photos-uploaded";
    public static final String WORKERS = "embed-workers";

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
    @Retry(maxRetries = 20, delay = 1000, jitter = 250, maxDuration = 20_000, abortOn = IOException.class) // garbage does not get better
    public void consume(String record) throws Exception {
        PhotoUploaded photo = parse(record);
        PhotoEmbedding.Outcome outcome = embedding.embed(photo.photoId(), photo.member(), photo.group());
        events.publish(outcome).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private PhotoUploaded parse(String record) throws IOException {
        PhotoUploaded photo = json.readValue(record, PhotoUploaded.class);
        if (photo.photoId() == null) {
            throw new IOException("photos.uploaded record without photoId: " + record);
        }
        return photo;
    }
}
