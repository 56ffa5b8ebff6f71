package io.lookalike.ingest.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lookalike.ingest.domain.OutboxEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Records an event in the caller's transaction; {@code OutboxRelay} publishes it once that commits. */
@ApplicationScoped
public class Outbox {
    private final ObjectMapper json;

    public Outbox(ObjectMapper json) {
        this.json = json;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void append(String topic, Object key, Object event) {
        OutboxEntry entry = new OutboxEntry();
        entry.topic = topic;
        entry.key = key.toString();
        try {
            entry.payload = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event cannot be written as JSON: " + event, e);
        }
        entry.persist();
    }

    /** Drops every row keyed by this id, sent or not (an erased photo leaves no labels or hash behind). */
    @Transactional(Transactional.TxType.MANDATORY)
    public long forget(Object key) {
        return OutboxEntry.delete("key", key.toString());
    }
}
