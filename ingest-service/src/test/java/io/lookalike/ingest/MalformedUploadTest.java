package io.lookalike.ingest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lookalike.common.image.ImageInspector;
import io.lookalike.ingest.MalformedUploads.Case;
import io.lookalike.ingest.domain.OutboxEntry;
import io.lookalike.ingest.domain.Photo;
import io.lookalike.testing.PrometheusText;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The generated corpus of malformed uploads ({@link MalformedUploads}, over 1,000 requests) against the running
 * service: every one is answered 4xx with problem JSON, never 5xx; nothing is stored or queued for publishing; the
 * service still answers and takes a good photo afterwards, with its heap back to a small size.
 */
@QuarkusTest
class MalformedUploadTest {
    static final long SEED = 20_240_601L;
    static final long HEAP_AFTER_GC_LIMIT = 512L << 20;

    @TestHTTPResource("/")
    URL base;

    final ObjectMapper json = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void theSamplesTheCorpusMutatesAreValid() {
        ImageInspector inspector = new ImageInspector(MalformedUploads.MAX_BYTES, 50_000_000);
        assertEquals("image/webp", inspector.inspect("l.webp", TestImages.webpLossless()).contentType());
        assertEquals("image/webp", inspector.inspect("y.webp", TestImages.webpLossy()).contentType());
        assertEquals("image/webp", inspector.inspect("x.webp", TestImages.webpExtended()).contentType());
    }

    @Test
    void everyMalformedUploadIsA4xxProblemAndNothingIsStored() throws Exception {
        long start = System.nanoTime();
        List<Case> corpus = MalformedUploads.generate(SEED);
        System.out.printf("corpus generated in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        assertTrue(corpus.size() >= 1_000, "corpus of " + corpus.size());
        long photosBefore = count(Photo.class);
        long outboxBefore = count(OutboxEntry.class);

        List<String> failures = new ArrayList<>();
        Map<String, Integer> byStatus = new TreeMap<>();
        Map<String, Map<Integer, Integer>> byKind = new TreeMap<>();
        int stored = 0;
        int accepted = 0;
        for (Case c : corpus) {
            HttpResponse<String> response = send(c);
            int status = response.statusCode();
            byStatus.merge(status / 100 + "xx", 1, Integer::sum);
            byKind.computeIfAbsent(c.kind().replaceAll("[0-9]+x[0-9]+", "WxH"), k -> new TreeMap<>()).merge(status, 1, Integer::sum);
            if (c.mayStore() && (status == 200 || status == 201)) {
                stored += storedBy(c, response);
                accepted++;
                continue;
            }
            String problem = problemIn(response);
            if (problem != null) {
                failures.add(c.kind() + " (" + c.path() + "): " + problem);
            }
        }
        byKind.forEach((kind, statuses) -> System.out.printf("  %-50s %s%n", kind, statuses));
        System.out.printf("malformed uploads: %d cases, %s; %d accepted as possibly valid (bit flips in pixel data), %d of them new%n",
            corpus.size(), byStatus, accepted, stored);

        assertEquals(List.of(), failures, failures.size() + " of " + corpus.size() + " cases were not a 4xx problem");
        corpus = null; // let the requests' bodies go before the heap is read
        assertEquals(photosBefore + stored, count(Photo.class), "photo rows after the corpus");
        assertEquals(outboxBefore + stored, count(OutboxEntry.class), "outbox rows after the corpus");

        // Still serving, still storing good photos, and nothing the corpus sent is held on to.
        given().get("/q/health/ready").then().statusCode(200);
        PhotoResourceTest.upload(TestImages.jpeg(64, 64), "after.jpg", null).then().statusCode(201);
        System.gc();
        double heap = PrometheusText.sum(given().get("/q/metrics").asString(), "jvm_memory_used_bytes", Map.of("area", "heap"));
        System.out.printf("heap after the corpus and a GC: %.0f MB%n", heap / (1 << 20));
        assertTrue(heap < HEAP_AFTER_GC_LIMIT, "heap after the corpus and a GC: " + heap + " bytes");
    }

    private HttpResponse<String> send(Case c) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString()).resolve(c.path()))
            .timeout(Duration.ofSeconds(60))
            .header("X-API-Key", PhotoResourceTest.KEY)
            .POST(HttpRequest.BodyPublishers.ofByteArray(c.body()));
        if (c.contentType() != null) {
            request.header("Content-Type", c.contentType());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What is wrong with an answer that should be a 4xx problem, or null when it is one. */
    private String problemIn(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status < 400 || status >= 500) {
            return "HTTP " + status + " " + abbreviate(response.body());
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/problem+json")) {
            return "HTTP " + status + " with Content-Type '" + type + "': " + abbreviate(response.body());
        }
        try {
            JsonNode problem = json.readTree(response.body());
            if (problem.path("status").asInt() != status || problem.path("title").asText().isBlank()
                || problem.path("detail").asText().isBlank()) {
                return "HTTP " + status + " problem without matching status, a title and a detail: " + abbreviate(response.body());
            }
        } catch (IOException e) {
            return "HTTP " + status + " problem that is not JSON: " + abbreviate(response.body());
        }
        return null;
    }

    private int storedBy(Case c, HttpResponse<String> response) throws IOException {
        if (c.path().equals(MalformedUploads.SINGLE)) {
            return response.statusCode() == 201 ? 1 : 0;
        }
        return json.readTree(response.body()).path("created").asInt();
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    private static long count(Class<?> entity) {
        return QuarkusTransaction.requiringNew().call(() -> entity == Photo.class ? Photo.count() : OutboxEntry.count());
    }
}
