package io.lookalike.embed.messaging;

/**
 * A record that no retry can fix (not JSON, or not the event its topic carries): it goes straight to the dead-letter
 * topic. Retries abort on this type alone: SmallRye Fault Tolerance also matches the causes of a failure, and a
 * refused connection (database, ingest-service) is caused by an IOException, so aborting on IOException would give
 * up on exactly the failures that retrying is for.
 */
public class MalformedRecordException extends RuntimeException {
    public MalformedRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
