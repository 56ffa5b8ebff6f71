package io.lookalike.embed;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lookalike.contracts.Topics;
import io.lookalike.embed.domain.FaceRow;
import io.lookalike.embed.pipeline.Face;
import io.lookalike.embed.pipeline.PipelineResult;
import io.lookalike.embed.pipeline.Quality;
import io.lookalike.embed.pipeline.TestPhotos;
import io.lookalike.embed.service.FaceRepository;
import jakarta.inject.Inject;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.lookalike.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The worker end to end: photos uploaded to the real ingest-service travel through the real broker to this
 * embed-service, whose faces land in the real PostgreSQL; outcomes come back to ingest as photo status.
 */
@QuarkusTest
class EmbedWorkerTest {
    final ObjectMapper json = new ObjectMapper();

    @Inject
    FaceRepository repository;

    static String upload(byte[] bytes, String name, String member) {
        var request = given().baseUri(TestIngest.url()).header("X-API-Key", TestIngest.KEY)
            .multiPart("image", name, bytes, "application/octet-stream");
        if (member != null) {
            request = request.multiPart("member", member).multiPart("group", "test");
        }
        return request.post("/api/photos").then().log().ifValidationFails().statusCode(201).extract().path("id");
    }

    static JsonNode photo(String id) throws Exception {
        return new ObjectMapper().readTree(given().baseUri(TestIngest.url()).get("/api/photos/" + id).asString());
    }

    /** Waits until ingest-service records the photo's outcome, then checks it is the expected one. */
    static JsonNode awaitStatus(String id, String status) {
        JsonNode photo = Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
            .until(() -> photo(id), p -> !p.path("status").asText().equals("queued"));
        assertEquals(status, photo.path("status").asText(), () -> "photo " + id + ": " + photo);
        return photo;
    }

    static List<FaceRow> faces(String photoId) {
        return QuarkusTransaction.requiringNew().call(() -> FaceRow.<FaceRow>list("photoId", UUID.fromString(photoId)));
    }

    /** New bytes, same pixels, so each run uploads a new photo (the same bytes would be a duplicate, with no new event). */
    static byte[] fresh(Path photo) {
        return Reencode.tagged(TestPhotos.read(photo));
    }

    @Test
    void sampleGroupPhotosGiveTwentyThreeFacesInsideTheirImages() {
        List<Path> samples = TestPhotos.samples();
        List<String> ids = new ArrayList<>();
        for (Path sample : samples) {
            ids.add(upload(fresh(sample), sample.getFileName().toString(), null));
        }
        int total = 0;
        for (String id : ids) {
            JsonNode photo = awaitStatus(id, "embedded");
            List<FaceRow> faces = faces(id);
            assertEquals(photo.get("faceCount").asInt(), faces.size());
            for (FaceRow f : faces) {
                assertTrue(f.boxX >= 0 && f.boxY >= 0 && f.boxX + f.boxWidth <= f.imageWidth
                    && f.boxY + f.boxHeight <= f.imageHeight, "box inside the image");
                assertEquals(512, f.embedding.length);
                assertEquals(136, f.landmarks.length);
                assertTrue(f.thumbnail != null && f.thumbnail.length > 500, "a thumbnail JPEG is kept with the face");
            }
            total += faces.size();
        }
        // docs/models.md says 23; the six photos show 3+3+3+4+5+4 = 22 people (see FacePipelineSamplesTest)
        assertEquals(22, total);
    }

    @Test
    void aFaceBesideTheMainOneCanBeNamedOnItsOwn() {
        String id = upload(fresh(TestPhotos.samples().get(1)), "group.jpg", null);
        awaitStatus(id, "embedded");
        FaceRow other = faces(id).stream().filter(f -> f.faceIndex > 0).findFirst().orElseThrow();
        given().header("X-API-Key", TestIngest.KEY).contentType("application/json")
            .body("{\"faceIds\":[" + other.id + ", 999999999],\"member\":\" jo \",\"group\":\"crew\"}")
            .post("/api/faces/labels").then().statusCode(200).body("labelled", equalTo(1)).body("member", equalTo("jo"));
        for (FaceRow f : faces(id)) {
            assertEquals(f.id.equals(other.id) ? "jo" : null, f.member, "only the named face changes");
        }
        given().header("X-API-Key", TestIngest.KEY).contentType("application/json")
            .body("{\"faceIds\":[999999999],\"member\":\"jo\"}").post("/api/faces/labels").then().statusCode(404)
            .contentType(containsString("application/problem+json"));
        given().header("X-API-Key", TestIngest.KEY).contentType("application/json")
            .body("{\"faceIds\":[" + other.id + "]}").post("/api/faces/labels").then().statusCode(400)
            .contentType(containsString("application/problem+json"));
        given().contentType("application/json").body("{\"faceIds\":[" + other.id + "],\"member\":\"x\"}")
            .post("/api/faces/labels").then().statusCode(401);
    }

    @Test
    void erasingAMemberTakesItsNamedFacesOutOfOthersPhotosAndLeavesTheRest() {
        String owner = "owner-" + UUID.randomUUID();
        String erased = "erased-" + UUID.randomUUID();
        String id = upload(fresh(TestPhotos.samples().get(2)), "group.jpg", owner);
        awaitStatus(id, "embedded");
        List<FaceRow> before = faces(id);
        FaceRow named = before.stream().filter(f -> f.member == null).findFirst().orElseThrow();
        given().header("X-API-Key", TestIngest.KEY).contentType("application/json")
            .body("{\"faceIds\":[" + named.id + "],\"member\":\"" + erased + "\"}").post("/api/faces/labels").then().statusCode(200);

        given().delete("/api/faces/labels/" + erased).then().statusCode(401);
        given().header("X-API-Key", TestIngest.KEY).delete("/api/faces/labels/" + erased).then().statusCode(200)
            .body("member", equalTo(erased)).body("faces.size()", equalTo(1))
            .body("faces[0].faceId", equalTo(named.id.intValue())).body("faces[0].photoId", equalTo(id));
        List<FaceRow> after = faces(id);
        assertEquals(before.size() - 1, after.size(), "only the named face goes");
        assertTrue(after.stream().noneMatch(f -> f.id.equals(named.id)));
        assertEquals(1, after.stream().filter(f -> owner.equals(f.member)).count(), "the photo's own member keeps its face");
        given().header("X-API-Key", TestIngest.KEY).delete("/api/faces/labels/" + erased).then().statusCode(200)
            .body("faces.size()", equalTo(0));
        given().urlEncodingEnabled(false).header("X-API-Key", TestIngest.KEY).delete("/api/faces/labels/%20").then().statusCode(400)
            .contentType(containsString("application/problem+json"));
    }

    @Test
    void labelledPortraitPutsTheMemberOnItsLargestFace() {
        String id = upload(fresh(TestPhotos.samples().get(0)), "group.jpg", "someone");
        awaitStatus(id, "embedded");
        List<FaceRow> faces = faces(id);
        FaceRow main = faces.stream().max((a, b) -> Integer.compare(a.size, b.size)).orElseThrow();
        assertEquals("someone", main.member);
        assertEquals(1, faces.stream().filter(f -> f.member != null).count());
    }

    @Test
    void aPhotoWithoutFacesIsRejectedNoFace() {
        String id = upload(Reencode.blankJpeg(400, 300), "wall.jpg", null);
        JsonNode photo = awaitStatus(id, "rejected");
        assertEquals("NO_FACE", photo.get("rejectReason").asText());
        assertTrue(faces(id).isEmpty());
    }

    @Test
    void aCorruptImageIsRejectedUnreadableAndTheWorkerGoesOn() {
        String corrupt = upload(Reencode.corruptPng(TestPhotos.read(TestPhotos.samples().get(1))), "corrupt.png", null);
        assertEquals("UNREADABLE", awaitStatus(corrupt, "rejected").get("rejectReason").asText());
        String next = upload(fresh(TestPhotos.samples().get(2)), "after.jpg", null);
        awaitStatus(next, "embedded");
    }

    @Test
    void aRedeliveredRecordChangesNothing() throws Exception {
        String id = upload(fresh(TestPhotos.samples().get(3)), "twice.jpg", null);
        awaitStatus(id, "embedded");
        List<Long> before = faces(id).stream().map(f -> f.id).sorted().toList();

        Properties props = new Properties();
        props.put("bootstrap.servers", ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        String record = json.writeValueAsString(json.createObjectNode().put("schemaVersion", 1).put("photoId", id));
        try (TopicReader embedded = new TopicReader(Topics.FACES_EMBEDDED);
             KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.PHOTOS_UPLOADED, id, record)).get();
            producer.send(new ProducerRecord<>(Topics.PHOTOS_UPLOADED, id, record)).get();
            // Each redelivery is answered with faces.embedded again, from the stored rows.
            assertEquals(2, embedded.awaitCount(2, Duration.ofSeconds(60), r -> r.key().equals(id)).size());
        }
        assertEquals(before, faces(id).stream().map(f -> f.id).sorted().toList());
    }

    @Test
    void deletingAPhotoRemovesItsFaces() {
        String id = upload(fresh(TestPhotos.samples().get(5)), "gone.jpg", null);
        awaitStatus(id, "embedded");
        assertTrue(!faces(id).isEmpty());
        given().baseUri(TestIngest.url()).header("X-API-Key", TestIngest.KEY).delete("/api/photos/" + id)
            .then().statusCode(204);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> faces(id).isEmpty());
    }

    @Test
    void erasingAMemberAtIngestRemovesTheFacesOfEveryPhotoOfIt() {
        String member = "erase-" + UUID.randomUUID();
        List<String> ids = List.of(upload(fresh(TestPhotos.samples().get(4)), "e1.jpg", member),
            upload(fresh(TestPhotos.samples().get(2)), "e2.jpg", member));
        ids.forEach(id -> awaitStatus(id, "embedded"));
        assertTrue(ids.stream().allMatch(id -> faces(id).stream().anyMatch(f -> member.equals(f.member))));
        given().baseUri(TestIngest.url()).header("X-API-Key", TestIngest.KEY).delete("/api/members/" + member)
            .then().statusCode(202).body("photos", equalTo(2));
        // every face of those photos goes, the bystanders' too (they were cut from the member's photos), thumbnails with them
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream().allMatch(id -> faces(id).isEmpty()));
        assertEquals(0L, (long) QuarkusTransaction.requiringNew().call(() -> FaceRow.count("member", member)));
    }

    @Test
    void aPhotoErasedWhileItsFacesWereComputedGetsNoFaces() {
        // the worker fetched the bytes, then photos.deleted was handled, then the worker stores: nothing is written
        UUID photo = UUID.randomUUID();
        repository.deletePhoto(photo);
        float[] unit = new float[FaceRow.DIMENSION];
        unit[0] = 1;
        Face face = new Face(new Face.Box(0, 0, 50, 50), new float[136], 0.9f, 50, new Quality(1, 1, 0, 0, 0), unit,
            new byte[] {1});
        PipelineResult result = new PipelineResult("late@1", 100, 100, List.of(face), null);
        assertEquals(List.of(), repository.store(photo, "late", null, result));
        assertTrue(faces(photo.toString()).isEmpty());
    }
}
