package io.lookalike.ingest.rest;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.lookalike.common.rest.ApiKeyFilter;
import io.lookalike.common.rest.ProblemMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Uploads per API key, single and batch requests alike: one token bucket per key (Bucket4j), one token per request.
 * Over the limit the answer is 429 problem JSON with {@code Retry-After}, before the body is parsed. Runs after
 * {@link ApiKeyFilter}, so only valid keys ever get a bucket.
 */
public class UploadRateLimit {
    private static final Set<String> UPLOADS = Set.of("/api/photos", "/api/photos/batch");

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final long rate;
    private final Duration period;
    private final long burst;
    private final Counter throttled;

    public UploadRateLimit(@ConfigProperty(name = "lookalike.upload.rate-limit.rate") long rate,
                           @ConfigProperty(name = "lookalike.upload.rate-limit.period") Duration period,
                           @ConfigProperty(name = "lookalike.upload.rate-limit.burst") long burst,
                           MeterRegistry metrics) {
        this.rate = rate;
        this.period = period;
        this.burst = burst;
        this.throttled = metrics.counter("lookalike.uploads.throttled");
    }

    @ServerRequestFilter(priority = Priorities.USER + 100)
    public Optional<Response> limit(ContainerRequestContext request) {
        String key = request.getHeaderString(ApiKeyFilter.HEADER);
        if (!request.getMethod().equals(HttpMethod.POST) || key == null || !UPLOADS.contains(path(request))) {
            return Optional.empty();
        }
        ConsumptionProbe probe = buckets.computeIfAbsent(key, k -> newBucket()).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return Optional.empty();
        }
        throttled.increment();
        long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999) / 1_000_000_000);
        Response problem = ProblemMapper.respond(429, "Too many uploads",
            "This API key may send %d uploads at once and %d more every %s; try again in %d s."
                .formatted(burst, rate, period.toString().substring(2).toLowerCase(java.util.Locale.ROOT), seconds),
            request.getUriInfo());
        return Optional.of(Response.fromResponse(problem).header(HttpHeaders.RETRY_AFTER, seconds).build());
    }

    private Bucket newBucket() {
        return Bucket.builder()
            .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(rate, period).build())
            .build();
    }

    private static String path(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
