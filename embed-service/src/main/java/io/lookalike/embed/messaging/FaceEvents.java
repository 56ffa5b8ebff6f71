package io.lookalike.embed.messaging;

import io.lookalike.contracts.FacesEmbedded;
import io.lookalike.contracts.PhotoRejected;
import io.lookalike.embed.service.PhotoEmbedding.Outcome;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes what became of a photo, keyed by photo id, and completes once the broker has it. */
@ApplicationScoped
public class FaceEvents {
    public static final String EMBEDDED = "faces-embedded";
    public static final String REJECTED = "photos-rejected";

    private final Emitter<FacesEmbedded> embedded;
    private final Emitter<PhotoRejected> rejected;

    public FaceEvents(@Channel(EMBEDDED) Emitter<FacesEmbedded> embedded, @Channel(REJECTED) Emitter<PhotoRejected> rejected) {
        this.embedded = embedded;
        this.rejected = rejected;
    }

    public CompletionStage<Void> publish(Outcome outcome) {
        if (outcome.embedded() != null) {
            return send(embedded, outcome.embedded().photoId(), outcome.embedded());
        }
        if (outcome.rejected() != null) {
            return send(rejected, outcome.rejected().photoId(), outcome.rejected());
        }
        return CompletableFuture.completedFuture(null);
    }

    private static <T> CompletionStage<Void> send(Emitter<T> emitter, UUID key, T event) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        emitter.send(Message.of(event)
            .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key.toString()).build())
            .withAck(() -> {
                sent.complete(null);
                return CompletableFuture.completedFuture(null);
            })
            .withNack(failure -> {
                sent.completeExceptionally(failure);
                return CompletableFuture.completedFuture(null);
            }));
        return sent;
    }
}
