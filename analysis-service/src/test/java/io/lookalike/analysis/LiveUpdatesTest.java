package io.lookalike.analysis;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lookalike.contracts.FacesEmbedded;
import io.lookalike.contracts.PhotoDeleted;
import io.lookalike.contracts.PhotoRelabelled;
import io.lookalike.contracts.Topics;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Member vectors follow the events on the real broker (faces.embedded, photos.relabelled, photos.deleted), and a
 * browser listening on /api/changes hears about each change.
 */
@QuarkusTest
class LiveUpdatesTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    DataSource db;

    @Inject
    ObjectMapper json;

    @TestHTTPResource("/api/changes")
    URI changes;

    TestFaces t;

    @AfterEach
    void removeFaces() {
        if (t != null) {
            t.cleanUp();
            given().header("X-API-Key", QueriesTest.KEY).post("/api/admin/members/recompute").then().statusCode(200);
        }
    }

    @Test
    void memberVectorsFollowTheEventsAndBrowsersHearOfIt() throws Exception {
        t = new TestFaces(db, 11);
        String group = t.name("live");
        String alice = t.name("alice");
        String bob = t.name("bob");
        List<JsonNode> notices = new CopyOnWriteArrayList<>();
        try (Stream<String> stream = listen(notices); KafkaProducer<String, String> producer = producer()) {
            await().atMost(WAIT).until(() -> has(notices, n -> n.get("type").asText().equals("connected")));

            // a labelled photo arrives: alice exists, and the browser is told
            UUID photo1 = UUID.randomUUID();
            long f1 = t.insert(photo1, 0, alice, group, t.randomUnit());
            send(producer, Topics.FACES_EMBEDDED, photo1,
                new FacesEmbedded(FacesEmbedded.SCHEMA_VERSION, photo1, TestFaces.MODEL, 1, List.of(f1), alice, group));
            await().atMost(WAIT).until(() -> has(notices, n -> contains(n.get("changedMembers"), alice)));
            given().get("/api/members/{m}", alice).then().statusCode(200).body("faceCount", equalTo(1))
                .body("group", equalTo(group));

            // a second photo of alice, with a bystander: her vector is the mean of two faces now
            UUID photo2 = UUID.randomUUID();
            long f2 = t.insert(photo2, 0, alice, group, t.randomUnit());
            long f3 = t.insert(photo2, 1, null, group, t.randomUnit());
            send(producer, Topics.FACES_EMBEDDED, photo2,
                new FacesEmbedded(FacesEmbedded.SCHEMA_VERSION, photo2, TestFaces.MODEL, 2, List.of(f2, f3), alice, group));
            await().atMost(WAIT).untilAsserted(() -> given().get("/api/members/{m}", alice).then()
                .body("faceCount", equalTo(2)).body("photoCount", equalTo(2)));

            // photo 2 is relabelled as bob (embed-service moves the label on its rows; we hear the same event)
            t.execute("UPDATE embed.face SET member = ? WHERE photo_id = ? AND face_index = 0", bob, photo2);
            send(producer, Topics.PHOTOS_RELABELLED, photo2,
                new PhotoRelabelled(PhotoRelabelled.SCHEMA_VERSION, photo2, bob, group));
            await().atMost(WAIT).untilAsserted(() -> {
                given().get("/api/members/{m}", alice).then().statusCode(200).body("faceCount", equalTo(1));
                given().get("/api/members/{m}", bob).then().statusCode(200).body("faceCount", equalTo(1));
            });

            // photo 1 is deleted: alice has no face left and is gone
            t.execute("DELETE FROM embed.face WHERE photo_id = ?", photo1);
            send(producer, Topics.PHOTOS_DELETED, photo1,
                new PhotoDeleted(PhotoDeleted.SCHEMA_VERSION, photo1, Instant.now()));
            await().atMost(WAIT).until(() -> has(notices, n -> contains(n.get("removedMembers"), alice)));
            given().get("/api/members/{m}", alice).then().statusCode(404);

            // unlabelled faces change no member, but the browser still hears that faces arrived
            UUID photo3 = UUID.randomUUID();
            long f4 = t.insert(photo3, 0, null, group, t.randomUnit());
            int before = notices.size();
            send(producer, Topics.FACES_EMBEDDED, photo3,
                new FacesEmbedded(FacesEmbedded.SCHEMA_VERSION, photo3, TestFaces.MODEL, 1, List.of(f4), null, group));
            await().atMost(WAIT).until(() -> notices.subList(before, notices.size()).stream()
                .anyMatch(n -> n.get("type").asText().equals("faces") && n.get("newPhotos").asInt() >= 1));
        }
    }

    private Stream<String> listen(List<JsonNode> notices) throws IOException, InterruptedException {
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(changes).header("Accept", "text/event-stream").build(),
            HttpResponse.BodyHandlers.ofLines());
        Stream<String> lines = response.body();
        Thread reader = new Thread(() -> {
            try {
                lines.filter(l -> l.startsWith("data:")).forEach(l -> {
                    try {
                        notices.add(json.readTree(l.substring(5).trim()));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
            } catch (RuntimeException e) {
                // stream closed at the end of the test
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private void send(KafkaProducer<String, String> producer, String topic, UUID key, Object event) throws Exception {
        producer.send(new ProducerRecord<>(topic, key.toString(), json.writeValueAsString(event))).get();
    }

    private static boolean has(List<JsonNode> notices, Predicate<JsonNode> test) {
        return notices.stream().anyMatch(test);
    }

    private static boolean contains(JsonNode names, String name) {
        if (names == null) {
            return false;
        }
        for (JsonNode n : names) {
            if (n.asText().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
