package io.lookalike.ingest.messaging;

import io.lookalike.ingest.domain.OutboxEntry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka, oldest first, and marks them sent once the broker acknowledged them.
 * While Kafka is down, rows simply wait: nothing accepted is lost. A row in flight is not sent again until
 * the broker answered, so an outage produces no duplicate records.
 */
@ApplicationScoped
public class OutboxRelay {
    public static final String CHANNEL = "outbox";
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final Emitter<String> emitter;
    private final int batchSize;
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final Queue<Long> acked = new ConcurrentLinkedQueue<>();
    private final AtomicLong backlog = new AtomicLong();

    public OutboxRelay(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10_000) Emitter<String> emitter,
                       @ConfigProperty(name = "lookalike.outbox.batch-size") int batchSize,
                       MeterRegistry metrics) {
        this.emitter = emitter;
        this.batchSize = batchSize;
        Gauge.builder("lookalike.outbox.backlog", backlog, AtomicLong::get)
            .description("Outbox rows not yet acknowledged by Kafka").register(metrics);
    }

    // Delayed so the first round runs once reactive messaging has wired the emitter.
    @Scheduled(every = "${lookalike.outbox.poll-interval}", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relay() {
        markAcknowledged();
        List<OutboxEntry> pending = QuarkusTransaction.requiringNew().call(() ->
            OutboxEntry.<OutboxEntry>find("sentAt is null order by id").page(0, batchSize + inFlight.size()).list());
        backlog.set(QuarkusTransaction.requiringNew().call(() -> OutboxEntry.count("sentAt is null")));
        for (OutboxEntry entry : pending) {
            if (inFlight.add(entry.id)) {
                send(entry);
            }
        }
    }

    private void send(OutboxEntry entry) {
        long id = entry.id;
        var metadata = OutgoingKafkaRecordMetadata.<String>builder().withTopic(entry.topic).withKey(entry.key).build();
        emitter.send(Message.of(entry.payload)
            .addMetadata(metadata)
            .withAck(() -> {
                acked.add(id);
                return CompletableFuture.completedFuture(null);
            })
            .withNack(failure -> {
                LOG.warnf("Outbox row %d not delivered yet (%s); it will be retried", id, failure.getMessage());
                inFlight.remove(id);
                return CompletableFuture.completedFuture(null);
            }));
    }

    private void markAcknowledged() {
        List<Long> ids = new ArrayList<>();
        for (Long id; (id = acked.poll()) != null; ) {
            ids.add(id);
        }
        if (ids.isEmpty()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() ->
            OutboxEntry.update("sentAt = ?1 where id in ?2", Instant.now(), ids));
        ids.forEach(inFlight::remove);
    }
}
