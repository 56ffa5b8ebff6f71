package io.lookalike.embed;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookalike.contracts.PhotoRejected.Reason;
import io.lookalike.contracts.Topics;
import io.lookalike.embed.messaging.PhotoConsumer;
import io.lookalike.embed.pipeline.TestPhotos;
import io.lookalike.testing.PrometheusText;
import io.lookalike.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Embedding shows in /q/metrics under the Prometheus names the Grafana dashboards and ./lookalike status read:
 * stage timings, faces per photo, rejections by reason, consumer lag, and records sent to the dead-letter topic.
 */
@QuarkusTest
class EmbedMetricsTest {
    static final List<String> STAGES = List.of("decode", "detect", "landmarks", "align", "embed", "quality", "store");

    static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    static double delta(String before, String after, String name, Map<String, String> labels) {
        return PrometheusText.sum(after, name, labels) - PrometheusText.sum(before, name, labels);
    }

    @Test
    void anEmbeddedPhotoIsTimedPerStageAndItsFacesCounted() {
        String before = metrics();
        String id = EmbedWorkerTest.upload(EmbedWorkerTest.fresh(TestPhotos.samples().get(0)), "metrics.jpg", null);
        int faces = EmbedWorkerTest.awaitStatus(id, "embedded").get("faceCount").asInt();
        String after = metrics(); // recorded before the outcome was published, so before ingest saw it

        for (String stage : STAGES) {
            assertTrue(delta(before, after, "lookalike_embed_stage_seconds_count", Map.of("stage", stage)) >= 1, stage);
            assertTrue(PrometheusText.sum(after, "lookalike_embed_stage_seconds_bucket", Map.of("stage", stage, "le", "+Inf")) >= 1,
                stage + " is a histogram");
        }
        assertTrue(delta(before, after, "lookalike_faces_per_photo_count", Map.of()) >= 1);
        assertTrue(delta(before, after, "lookalike_faces_per_photo_sum", Map.of()) >= faces);
        assertTrue(PrometheusText.sampleNames(after).contains("kafka_consumer_fetch_manager_records_lag_max"),
            "Kafka consumer metrics are bound");
    }

    @Test
    void rejectionsAreCountedByReason() {
        String before = metrics();
        String id = EmbedWorkerTest.upload(Reencode.blankJpeg(400, 300), "metrics-wall.jpg", null);
        EmbedWorkerTest.awaitStatus(id, "rejected");
        String after = metrics();

        assertTrue(delta(before, after, "lookalike_photos_rejected_total", Map.of("reason", "NO_FACE")) >= 1);
        assertEquals(Arrays.stream(Reason.values()).map(Reason::name).collect(Collectors.toSet()),
            PrometheusText.labelValues(after, "lookalike_photos_rejected_total", "reason"), "every reason, 0 until it happens");
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndIsCounted() throws Exception {
        // ingest-service up first: records already on the topic (earlier modules' tests) then go through at once
        // instead of each retrying a refused fetch for 30 s ahead of the poison record
        TestIngest.url();
        Map<String, String> channel = Map.of("channel", PhotoConsumer.CHANNEL);
        double before = PrometheusText.sum(metrics(), "lookalike_dlq_records_total", channel);
        String key = "poison-" + UUID.randomUUID();
        Properties props = new Properties();
        props.put("bootstrap.servers", ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        try (TopicReader dlq = new TopicReader(Topics.PHOTOS_UPLOADED_DLQ);
             KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.PHOTOS_UPLOADED, key, "not a photos.uploaded event")).get();
            assertEquals(1, dlq.awaitCount(1, Duration.ofSeconds(60), r -> r.key().equals(key)).size());
        }
        // counted once the dead-letter write is acknowledged, a moment after the record is readable there
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
            .until(() -> PrometheusText.sum(metrics(), "lookalike_dlq_records_total", channel) >= before + 1);
        assertTrue(PrometheusText.labelValues(metrics(), "lookalike_dlq_records_total", "channel")
            .containsAll(Set.of("photos-uploaded", "photos-relabelled", "photos-deleted")));
    }
}
