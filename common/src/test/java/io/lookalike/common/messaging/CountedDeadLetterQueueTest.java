package io.lookalike.common.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;

/** The count follows the dead-letter write: a record counts when the write succeeded, not when it was attempted. */
class CountedDeadLetterQueueTest {
    final Counter records = new SimpleMeterRegistry().counter(CountedDeadLetterQueue.METER, "channel", "photos-uploaded");

    /** A dead-letter queue whose write ends with the given outcome. */
    static KafkaFailureHandler deadLetterQueue(Uni<Void> write) {
        return new KafkaFailureHandler() {
            @Override
            public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
                return write;
            }
        };
    }

    @Test
    void aRecordWrittenToTheDeadLetterTopicCounts() {
        KafkaFailureHandler handler = CountedDeadLetterQueue.counting(deadLetterQueue(Uni.createFrom().voidItem()), records);
        handler.handle(null, new IllegalStateException("poison"), Metadata.empty()).await().indefinitely();
        handler.handle(null, new IllegalStateException("poison"), Metadata.empty()).await().indefinitely();
        assertEquals(2.0, records.count());
    }

    @Test
    void aFailedDeadLetterWriteDoesNotCountAndStillFails() {
        KafkaFailureHandler handler = CountedDeadLetterQueue.counting(
            deadLetterQueue(Uni.createFrom().failure(new IllegalStateException("broker away"))), records);
        assertThrows(IllegalStateException.class,
            () -> handler.handle(null, new IllegalStateException("poison"), Metadata.empty()).await().indefinitely());
        assertEquals(0.0, records.count());
    }
}
