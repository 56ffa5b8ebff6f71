package io.lookalike.analysis.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lookalike.common.rest.ApiKeyFilter;
import io.lookalike.common.rest.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response.Status;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * ingest-service as the dashboard needs it: its photo API passed through as it is (so the browser talks to one
 * origin and no CORS door opens), and its photo counts for the overview. The JDK's HTTP client: bodies are
 * relayed as bytes, whatever their type, and ingest-service's own answers (problem JSON included) go back unchanged.
 */
@ApplicationScoped
public class IngestGateway {
    private static final Logger LOG = Logger.getLogger(IngestGateway.class);

    /** ingest-service's {@code GET /api/photos/counts}. */
    public record PhotoCounts(long photos, long queued, long embedded, long rejected, long bytes) {
    }

    private final URI base;
    private final ObjectMapper json;
    private final HttpClient http;
    private final Duration timeout;

    public IngestGateway(@ConfigProperty(name = "lookalike.ingest.url") URI base,
                         @ConfigProperty(name = "lookalike.ingest.timeout") Duration timeout, ObjectMapper json) {
        this.base = base;
        this.json = json;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** One request relayed ({@code /api/photos…}, a member's erasure); 503 problem when ingest-service is away. */
    public HttpResponse<byte[]> relay(String method, String pathAndQuery, String contentType, String apiKey, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(timeout)
            .method(method, body == null || body.length == 0 ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (apiKey != null) {
            request.header(ApiKeyFilter.HEADER, apiKey);
        }
        try {
            return http.send(request.build(), BodyHandlers.ofByteArray());
        } catch (IOException e) {
            LOG.warnf("ingest-service at %s did not answer %s %s: %s", base, method, pathAndQuery, e.toString());
            throw new ProblemException(Status.SERVICE_UNAVAILABLE, "Photo service unavailable",
                "ingest-service (" + base + ") did not answer; try again in a moment.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(Status.SERVICE_UNAVAILABLE, "Interrupted", "The request was interrupted.");
        }
    }

    /** The photo counts, or empty when ingest-service does not answer (the overview shows the rest anyway). */
    public Optional<PhotoCounts> counts() {
        try {
            HttpResponse<byte[]> response = relay("GET", "/api/photos/counts", null, null, null);
            if (response.statusCode() != 200) {
                LOG.warnf("ingest-service answered %d to GET /api/photos/counts", response.statusCode());
                return Optional.empty();
            }
            return Optional.of(json.readValue(response.body(), PhotoCounts.class));
        } catch (ProblemException | IOException e) {
            return Optional.empty();
        }
    }
}
