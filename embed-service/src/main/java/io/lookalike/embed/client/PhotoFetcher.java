package io.lookalike.embed.client;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestResponse;

/** Fetches a photo's bytes with a timeout and retries; a photo deleted meanwhile is empty, not an error. */
@ApplicationScoped
public class PhotoFetcher {

    /** ingest-service answered with an error or not at all; worth retrying. */
    public static class FetchFailedException extends RuntimeException {
        public FetchFailedException(String message) {
            super(message);
        }
    }

    private final IngestClient ingest;

    public PhotoFetcher(@RestClient IngestClient ingest) {
        this.ingest = ingest;
    }

    @Timeout(10_000)
    @Retry(maxRetries = 4, delay = 500, jitter = 250)
    public Optional<byte[]> fetch(UUID photoId) {
        RestResponse<byte[]> response = ingest.content(photoId);
        return switch (response.getStatus()) {
            case 200 -> Optional.of(response.getEntity());
            case 404 -> Optional.empty();
            default -> throw new FetchFailedException("ingest-service answered " + response.getStatus()
                + " for the content of photo " + photoId);
        };
    }
}
