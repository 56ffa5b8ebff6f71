package io.lookalike.embed;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lookalike.contracts.PhotoUploaded;
import io.lookalike.contracts.Topics;
import io.lookalike.embed.pipeline.TestPhotos;
import io.lookalike.testing.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Two embed-service processes in one consumer group share 200 photos; one is killed with {@code kill -9} midway and
 * the other finishes them all, each photo's faces stored exactly once. The instances read a topic of their own
 * (same records as ingest-service publishes, sent by the test) so no other consumer or earlier run gets in the way.
 */
class ScaleOutIT {
    static final int PHOTOS = 200;
    static final String BOOTSTRAP = "127.0.0.1:9092";
    static final String JDBC = "jdbc:postgresql://127.0.0.1:5432/lookalike";
    static final Pattern STORED = Pattern.compile("lookalike_embed_stage_seconds_count\\{[^}]*stage=\"store\"[^}]*} ([0-9.E]+)");

    final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void twoInstancesShareTheWorkAndOneSurvivesTheOthersDeath() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String topic = "photos.uploaded.scale-" + run;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
            admin.createTopics(List.of(new NewTopic(topic, Topics.MIN_PARTITIONS, (short) 1))).all().get();
        }
        List<UUID> ids = uploadPhotos();

        Map<String, String> env = new HashMap<>(Map.of(
            "LOOKALIKE_INGEST_URL", TestIngest.url(),
            "MP_MESSAGING_INCOMING_PHOTOS_UPLOADED_TOPIC", topic,
            "MP_MESSAGING_INCOMING_PHOTOS_UPLOADED_GROUP_ID", "embed-scale-" + run,
            "MP_MESSAGING_INCOMING_PHOTOS_RELABELLED_GROUP_ID", "embed-scale-" + run,
            "MP_MESSAGING_INCOMING_PHOTOS_DELETED_GROUP_ID", "embed-scale-" + run,
            // a dead member's partitions move after this long, instead of the 45 s default
            "KAFKA_SESSION_TIMEOUT_MS", "6000",
            "KAFKA_HEARTBEAT_INTERVAL_MS", "1000",
            "LOOKALIKE_EMBED_WORKERS", "1"));
        try (ServiceProcess first = ServiceProcess.start("embed-service", 18282, env);
             ServiceProcess second = ServiceProcess.start("embed-service", 18283, env)) {
            publish(topic, ids);

            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> outcomes(ids).size() >= PHOTOS / 3);
            double firstDid = stored(first);
            first.killHard();
            double secondBefore = stored(second);
            assertTrue(firstDid > 0 && secondBefore > 0, "both instances worked: " + firstDid + " and " + secondBefore);

            Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                .until(() -> outcomes(ids).size() == PHOTOS);
            assertTrue(stored(second) > secondBefore, "the survivor took over the dead instance's partitions");
        }
        // every photo has its outcome on ingest-service; an embedded one has exactly the faces it announced, once each
        Map<UUID, String> outcomes = outcomes(ids);
        Map<UUID, long[]> faces = facesPerPhoto(ids);
        long embedded = outcomes.values().stream().filter(o -> o.startsWith("EMBEDDED")).count();
        assertTrue(embedded >= PHOTOS * 0.9, embedded + " of " + PHOTOS + " portraits embedded: " + outcomes.values());
        outcomes.forEach((photo, outcome) -> {
            long[] rows = faces.getOrDefault(photo, new long[] {0, 0});
            assertEquals(outcome.startsWith("EMBEDDED") ? "EMBEDDED " + rows[0] : "REJECTED NO_FACE", outcome, "photo " + photo);
            assertEquals(rows[0], rows[1], "photo " + photo + " has repeated face rows");
        });
    }

    /** Photo id → "EMBEDDED n" or "REJECTED reason", as ingest-service recorded it, for photos no longer queued. */
    static Map<UUID, String> outcomes(List<UUID> ids) throws Exception {
        Map<UUID, String> result = new HashMap<>();
        query("select id, status, face_count, reject_reason from ingest.photo where id = any(?) and status <> 'QUEUED'", ids,
            rows -> result.put(rows.getObject(1, UUID.class),
                rows.getString(2) + " " + (rows.getString(2).equals("EMBEDDED") ? rows.getInt(3) : rows.getString(4))));
        return result;
    }

    /** Photo id → {face rows, distinct face indexes}, for the photos that have faces stored. */
    static Map<UUID, long[]> facesPerPhoto(List<UUID> ids) throws Exception {
        Map<UUID, long[]> result = new HashMap<>();
        query("select photo_id, count(*), count(distinct face_index) from embed.face where photo_id = any(?) group by photo_id", ids,
            rows -> result.put(rows.getObject(1, UUID.class), new long[] {rows.getLong(2), rows.getLong(3)}));
        return result;
    }

    interface Row {
        void accept(ResultSet rows) throws java.sql.SQLException;
    }

    static void query(String sql, List<UUID> ids, Row row) throws Exception {
        try (Connection db = DriverManager.getConnection(JDBC, "lookalike", "lookalike");
             PreparedStatement query = db.prepareStatement(sql)) {
            query.setArray(1, db.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    row.accept(rows);
                }
            }
        }
    }

    /** 200 distinct portraits in ingest-service (labelled crops re-encoded to new bytes; the samples when absent). */
    List<UUID> uploadPhotos() {
        Path folder = TestPhotos.labelledFolder();
        List<Path> sources = folder != null
            ? TestPhotos.labelled().stream().map(TestPhotos.Labelled::path).toList()
            : TestPhotos.samples();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < PHOTOS; i++) {
            byte[] bytes = Reencode.jpeg(TestPhotos.read(sources.get(i % sources.size())));
            String id = given().baseUri(TestIngest.url()).header("X-API-Key", TestIngest.KEY)
                .multiPart("image", "scale-" + i + ".jpg", bytes, "image/jpeg")
                .post("/api/photos").then().statusCode(201).extract().path("id");
            ids.add(UUID.fromString(id));
        }
        return ids;
    }

    void publish(String topic, List<UUID> ids) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", BOOTSTRAP);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (UUID id : ids) {
                var event = new PhotoUploaded(PhotoUploaded.SCHEMA_VERSION, id, "", "image/jpeg", 0, 0, 0, null, null,
                    "scale-test", Instant.now());
                producer.send(new ProducerRecord<>(topic, id.toString(), json.writeValueAsString(event)));
            }
            producer.flush();
        }
    }

    /** Photos this instance ran through the pipeline and stored, from its Prometheus metrics. */
    static double stored(ServiceProcess service) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.url() + "/q/metrics")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = STORED.matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
