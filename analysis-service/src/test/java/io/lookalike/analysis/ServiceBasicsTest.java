package io.lookalike.analysis;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookalike.testing.PrometheusText;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The service runs against the real database and broker with the stack's common endpoints. */
@QuarkusTest
class ServiceBasicsTest {

    @Test
    void isReadyWithItsDatabase() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void exposesPrometheusMetricsAndOpenApi() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("analysis-service"));
    }

    @Test
    void queryLatencyIsAHistogramPerEndpointTemplate() {
        given().get("/api/members/nobody-" + System.nanoTime()).then().statusCode(404);
        Map<String, String> endpoint = Map.of("uri", "/api/members/{name}", "method", "GET", "status", "404");
        // the timer stops when the response has gone out, which may be just after the client has read it
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
            .until(() -> PrometheusText.sum(metrics(), "http_server_requests_seconds_count", endpoint) >= 1);
        String metrics = metrics();
        Map<String, String> inf = new HashMap<>(endpoint);
        inf.put("le", "+Inf");
        assertTrue(PrometheusText.sum(metrics, "http_server_requests_seconds_bucket", inf) >= 1, "histogram buckets per uri");
        assertTrue(PrometheusText.sampleNames(metrics).contains("kafka_consumer_fetch_manager_records_lag_max"),
            "Kafka consumer metrics are bound");
        assertEquals(Set.of("faces-embedded", "photos-relabelled", "photos-deleted"),
            PrometheusText.labelValues(metrics, "lookalike_dlq_records_total", "channel"));
    }

    static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
