package io.lookalike.ingest.messaging;

import io.lookalike.ingest.domain.OutboxEntry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka, oldest first, and marks them sent once the broker acknowledged them.
 * While Kafka is down, rows simply wait: nothing accepted is lost. A row in flight is not sent again until
 * the broker answered, so an outage produces no duplicate records. With several ingest instances on one database
 * only the holder of a PostgreSQL advisory lock relays (the others stand by and take over when its session ends),
 * so rows are neither sent twice nor out of order.
 */
@ApplicationScoped
public class OutboxRelay {
    public static final String CHANNEL = "outbox";
    /** Advisory lock key of the relay: "outbox" in ASCII. */
    static final long RELAY_LOCK = 0x6f7574626f78L;
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final Emitter<String> emitter;
    private final int batchSize;
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final Queue<Long> acked = new ConcurrentLinkedQueue<>();
    private final AtomicLong backlog = new AtomicLong();
    private final DataSource db;
    private Connection lockSession;

    public OutboxRelay(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10_000) Emitter<String> emitter,
                       @ConfigProperty(name = "lookalike.outbox.batch-size") int batchSize,
                       MeterRegistry metrics, DataSource db) {
        this.emitter = emitter;
        this.db = db;
        this.batchSize = batchSize;
        Gauge.builder("lookalike.outbox.backlog", backlog, AtomicLong::get)
            .description("Outbox rows not yet acknowledged by Kafka").register(metrics);
    }

    // Delayed so the first round runs once reactive messaging has wired the emitter.
    @Scheduled(every = "${lookalike.outbox.poll-interval}", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relay() {
        markAcknowledged();
        if (!leader()) {
            return;
        }
        List<OutboxEntry> pending = QuarkusTransaction.requiringNew().call(() ->
            OutboxEntry.<OutboxEntry>find("sentAt is null order by id").page(0, batchSize + inFlight.size()).list());
        backlog.set(QuarkusTransaction.requiringNew().call(() -> OutboxEntry.count("sentAt is null")));
        for (OutboxEntry entry : pending) {
            if (inFlight.add(entry.id)) {
                send(entry);
            }
        }
    }

    /**
     * Holds the relay lock on a session of its own, kept open; a broken session (database restart) is replaced and
     * the lock asked for again. Session locks stack, so it is asked for only while not held.
     */
    private boolean leader() {
        try {
            if (lockSession != null && lockSession.isValid(2)) {
                return true;
            }
            closeLockSession();
            Connection c = db.getConnection();
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                ps.setLong(1, RELAY_LOCK);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        lockSession = c;
                        LOG.info("This instance relays the outbox (it holds the relay lock)");
                        return true;
                    }
                }
            }
            c.close();
        } catch (SQLException e) {
            LOG.warnf("Outbox relay lock unavailable (%s); will retry", e.getMessage());
            closeLockSession();
        }
        return false;
    }

    private void closeLockSession() {
        if (lockSession != null) {
            try {
                lockSession.close();
            } catch (SQLException e) {
                // already broken
            }
            lockSession = null;
        }
    }

    @PreDestroy
    void stop() {
        closeLockSession(); // ends the session: a standby instance takes over at once
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
