package io.lookalike.ingest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookalike.testing.PrometheusText;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Uploads show in /q/metrics under the Prometheus names the Grafana dashboards and ./lookalike status read. */
@QuarkusTest
class IngestMetricsTest {

    static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void uploadsAreCountedSizedAndTimed() {
        String before = metrics();
        byte[] jpeg = TestImages.jpeg(320, 240);
        PhotoResourceTest.upload(jpeg, "metrics.jpg", null).then().statusCode(201);
        PhotoResourceTest.upload(jpeg, "metrics-again.jpg", null).then().statusCode(200);
        String after = metrics();

        assertEquals(1.0, delta(before, after, "lookalike_uploads_total", Map.of("result", "created")));
        assertEquals(1.0, delta(before, after, "lookalike_uploads_total", Map.of("result", "duplicate")));
        assertEquals(1.0, delta(before, after, "lookalike_upload_bytes_count", Map.of()));
        assertEquals(jpeg.length, delta(before, after, "lookalike_upload_bytes_sum", Map.of()));
        assertEquals(2.0, delta(before, after, "lookalike_upload_latency_seconds_count", Map.of()));
        assertTrue(PrometheusText.sum(after, "lookalike_upload_latency_seconds_bucket", Map.of("le", "+Inf")) >= 2,
            "upload latency is a histogram");
    }

    @Test
    void outboxBacklogConsumerLagAndDeadLetterCountsAreExported() {
        // The relay's first round runs 2 s after start-up; it registers the backlog gauge.
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300))
            .until(() -> PrometheusText.sampleNames(metrics()).contains("lookalike_outbox_backlog"));
        String metrics = metrics();
        assertTrue(PrometheusText.sampleNames(metrics).contains("kafka_consumer_fetch_manager_records_lag_max"),
            "Kafka consumer metrics are bound");
        assertEquals(Set.of("faces-embedded", "photos-rejected"),
            PrometheusText.labelValues(metrics, "lookalike_dlq_records_total", "channel"));
    }

    static double delta(String before, String after, String name, Map<String, String> labels) {
        return PrometheusText.sum(after, name, labels) - PrometheusText.sum(before, name, labels);
    }
}
