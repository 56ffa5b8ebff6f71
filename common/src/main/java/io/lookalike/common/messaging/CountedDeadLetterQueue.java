package io.lookalike.common.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;
import java.util.function.BiConsumer;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Counts the records each incoming channel sends to its dead-letter topic: {@code lookalike.dlq.records{channel}}.
 * It decorates SmallRye's own {@code dead-letter-queue} strategy instead of replacing it, so the channels keep
 * {@code failure-strategy=dead-letter-queue} and Quarkus keeps deriving the dead-letter serializers from that name.
 * A record counts once the broker has acknowledged it on the dead-letter topic; the counter of every such channel
 * exists from start-up, at 0, so dashboards and alerts see a number rather than no series.
 */
@Decorator
@Priority(1)
public class CountedDeadLetterQueue implements KafkaFailureHandler.Factory {
    public static final String METER = "lookalike.dlq.records";

    private final KafkaFailureHandler.Factory deadLetterQueue;
    private final MeterRegistry metrics;

    @Inject
    public CountedDeadLetterQueue(@Delegate @Identifier(KafkaFailureHandler.Strategy.DEAD_LETTER_QUEUE)
                                  KafkaFailureHandler.Factory deadLetterQueue, MeterRegistry metrics) {
        this.deadLetterQueue = deadLetterQueue;
        this.metrics = metrics;
    }

    @Override
    public KafkaFailureHandler create(KafkaConnectorIncomingConfiguration config, Vertx vertx,
                                      KafkaConsumer<?, ?> consumer, BiConsumer<Throwable, Boolean> reportFailure) {
        Counter records = Counter.builder(METER).description("Records sent to the channel's dead-letter topic")
            .tag("channel", config.getChannel()).register(metrics);
        return counting(deadLetterQueue.create(config, vertx, consumer, reportFailure), records);
    }

    /** The handler, counting each record whose dead-letter write succeeded. */
    static KafkaFailureHandler counting(KafkaFailureHandler handler, Counter records) {
        return new KafkaFailureHandler() {
            @Override
            public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
                return handler.handle(record, reason, metadata).invoke(() -> records.increment());
            }

            @Override
            public void terminate() {
                handler.terminate();
            }
        };
    }
}
