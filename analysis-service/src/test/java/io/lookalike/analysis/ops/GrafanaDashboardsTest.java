package io.lookalike.analysis.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lookalike.testing.DashboardMetrics;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboards of deploy/grafana/dashboards (no servers): valid JSON, every panel a Prometheus query, and the
 * queries name the metrics the issue asks for and only metrics the services export. That the services really expose
 * each of these names after a pipeline run is checked live, against /q/metrics, with {@link DashboardMetrics}.
 */
class GrafanaDashboardsTest {
    /** Datasource uid of deploy/grafana/provisioning/datasources/prometheus.yml. */
    static final String DATASOURCE = "prometheus";

    /** One Prometheus name per figure the issue names; each must be on a dashboard. */
    static final Set<String> REQUIRED = Set.of(
        "lookalike_uploads_total",                       // uploads count (ingest PhotoStore)
        "lookalike_upload_bytes_sum",                    // upload bytes (ingest PhotoStore)
        "lookalike_upload_latency_seconds_bucket",       // upload latency (ingest PhotoResource, @Timed)
        "lookalike_outbox_backlog",                      // outbox backlog (ingest OutboxRelay)
        "lookalike_embed_stage_seconds_bucket",          // per-stage embed timings (embed PhotoEmbedding)
        "lookalike_faces_per_photo_sum",                 // faces per photo (embed PhotoEmbedding)
        "lookalike_faces_per_photo_count",
        "lookalike_photos_rejected_total",               // rejections by reason (embed PhotoEmbedding)
        "kafka_consumer_fetch_manager_records_lag_max",  // consumer lag (Kafka client metrics via Micrometer)
        "lookalike_dlq_records_total",                   // dead-letter records (common CountedDeadLetterQueue)
        "http_server_requests_seconds_bucket",           // query latency per endpoint (analysis RequestHistograms)
        "http_server_requests_seconds_count");

    /** Every sample name the services export for those meters; a dashboard query outside this set is a typo. */
    static final Set<String> EXPORTED;

    static {
        Set<String> exported = new HashSet<>(REQUIRED);
        exported.addAll(Set.of("lookalike_upload_bytes_count", "lookalike_upload_bytes_max",
            "lookalike_upload_latency_seconds_count", "lookalike_upload_latency_seconds_sum",
            "lookalike_upload_latency_seconds_max", "lookalike_embed_stage_seconds_count",
            "lookalike_embed_stage_seconds_sum", "lookalike_embed_stage_seconds_max", "lookalike_faces_per_photo_max",
            "http_server_requests_seconds_sum", "http_server_requests_seconds_max"));
        EXPORTED = Set.copyOf(exported);
    }

    final Path dir = DashboardMetrics.dashboardsDir();

    @Test
    void theDashboardsAreThePipelineAndTheQueries() {
        assertEquals(List.of("pipeline.json", "queries.json"),
            DashboardMetrics.dashboards(dir).stream().map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void everyDashboardIsValidJsonAndEveryPanelAPrometheusQuery() {
        Set<String> uids = new HashSet<>();
        for (Path file : DashboardMetrics.dashboards(dir)) {
            JsonNode dashboard = DashboardMetrics.read(file);
            assertFalse(dashboard.path("title").asText().isBlank(), file + ": title");
            assertTrue(uids.add(dashboard.path("uid").asText()), file + ": uid missing or used twice");
            List<JsonNode> panels = DashboardMetrics.panels(dashboard);
            assertFalse(panels.isEmpty(), file + ": panels");
            for (JsonNode panel : panels) {
                String where = file.getFileName() + " / " + panel.path("title").asText();
                assertFalse(panel.path("title").asText().isBlank(), file + ": a panel without title");
                assertEquals(DATASOURCE, panel.path("datasource").path("uid").asText(), where + ": datasource");
                assertFalse(panel.path("targets").isEmpty(), where + ": targets");
                for (JsonNode target : panel.path("targets")) {
                    String expr = target.path("expr").asText();
                    assertFalse(expr.isBlank(), where + ": a target without expr");
                    assertFalse(DashboardMetrics.metricNames(expr).isEmpty(), where + ": no metric in " + expr);
                }
            }
        }
    }

    @Test
    void theQueriesNameEveryRequiredMetricAndNoUnknownOne() {
        Set<String> queried = DashboardMetrics.metricNames(dir);
        Set<String> missing = new TreeSet<>(REQUIRED);
        missing.removeAll(queried);
        assertEquals(Set.of(), missing, "required metrics on no dashboard");
        Set<String> unknown = new TreeSet<>(queried);
        unknown.removeAll(EXPORTED);
        assertEquals(Set.of(), unknown, "dashboard queries naming metrics the services do not export");
    }

    @Test
    void metricNamesAreReadFromPromQl() {
        assertEquals(Set.of("lookalike_embed_stage_seconds_bucket"), DashboardMetrics.metricNames(
            "histogram_quantile(0.99, sum by (le, stage) (rate(lookalike_embed_stage_seconds_bucket{stage=~\"detect|embed\"}[$__rate_interval])))"));
        assertEquals(Set.of("lookalike_upload_bytes_sum", "lookalike_upload_bytes_count"), DashboardMetrics.metricNames(
            "sum(rate(lookalike_upload_bytes_sum[5m])) / sum without (instance) (rate(lookalike_upload_bytes_count[5m] offset 1h))"));
        assertEquals(Set.of("kafka_consumer_fetch_manager_records_lag_max"), DashboardMetrics.metricNames(
            "max by (service, client_id) (kafka_consumer_fetch_manager_records_lag_max) > bool 100"));
        assertEquals(Set.of("up", "lookalike_outbox_backlog"), DashboardMetrics.metricNames(
            "lookalike_outbox_backlog and on (instance) up{service=\"${service}\", uri=\"/api/members/{name}\"} == 1"));
        assertEquals(Set.of(), DashboardMetrics.metricNames("vector(1) * 1e3"));
    }
}
