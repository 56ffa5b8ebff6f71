package io.lookalike.ingest;

import io.lookalike.testing.TopicReader;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lookalike.contracts.Topics;
import io.lookalike.ingest.domain.OutboxEntry;
import io.lookalike.ingest.domain.Photo;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Uploads through the real HTTP API into the real PostgreSQL and Kafka started by ./lookalike test. */
@QuarkusTest
class PhotoResourceTest {
    static final String KEY = "test-key";
    final ObjectMapper json = new ObjectMapper();

    static RequestSpecification writer() {
        return given().header("X-API-Key", KEY);
    }

    static Response upload(byte[] bytes, String name, String member) {
        RequestSpecification request = writer().multiPart("image", name, bytes, "application/octet-stream");
        if (member != null) {
            request = request.multiPart("member", member).multiPart("group", "team-a");
        }
        return request.post("/api/photos");
    }

    @Test
    void uploadStoresThePhotoAndPublishesExactlyOneRecordKeyedByItsId() throws Exception {
        byte[] jpeg = TestImages.jpeg(320, 240);
        try (TopicReader topic = new TopicReader(Topics.PHOTOS_UPLOADED)) {
            String id = upload(jpeg, "alice.jpg", "alice").then().statusCode(201)
                .header("Location", containsString("/api/photos/"))
                .body("member", equalTo("alice")).body("group", equalTo("team-a"))
                .body("status", equalTo("queued")).body("width", equalTo(320)).body("height", equalTo(240))
                .extract().path("id");

            upload(jpeg, "again.jpg", null).then().statusCode(200).body("id", equalTo(id));

            List<ConsumerRecord<String, String>> records = topic.awaitCount(1, Duration.ofSeconds(20), r -> r.key().equals(id));
            assertEquals(1, records.size());
            JsonNode payload = json.readTree(records.get(0).value());
            assertEquals(1, payload.get("schemaVersion").asInt());
            assertEquals(id, payload.get("photoId").asText());
            assertEquals("alice", payload.get("member").asText());
            assertEquals("image/jpeg", payload.get("contentType").asText());
            // The duplicate upload must not have produced a second record.
            assertEquals(1, topic.poll(Duration.ofSeconds(2), r -> r.key().equals(id)).size());
        }
    }

    @Test
    void countsGrowByEachNewPhotoAndItsBytes() {
        var before = given().get("/api/photos/counts").then().statusCode(200).extract().jsonPath();
        byte[] png = TestImages.png(40, 30);
        upload(png, "counted.png", null).then().statusCode(201);
        upload(png, "counted-again.png", null).then().statusCode(200); // same bytes: not a new photo
        var after = given().get("/api/photos/counts").then().statusCode(200).extract().jsonPath();
        // other tests' photos may change status meanwhile, never the total: compare totals and bytes only
        assertEquals(before.getLong("photos") + 1, after.getLong("photos"));
        assertEquals(before.getLong("bytes") + png.length, after.getLong("bytes"));
        assertEquals(after.getLong("photos"), after.getLong("queued") + after.getLong("embedded") + after.getLong("rejected"));
    }

    @Test
    void contentIsServedBackByteForByte() {
        byte[] png = TestImages.png(64, 48);
        String id = upload(png, "p.png", null).then().statusCode(201).extract().path("id");
        byte[] served = given().get("/api/photos/" + id + "/content").then().statusCode(200)
            .contentType("image/png").extract().asByteArray();
        assertTrue(Arrays.equals(png, served));
    }

    @Test
    void batchZipWithManifestAppliesLabelsAndReportsEachItem() throws IOException {
        String xena = "xena-" + System.nanoTime(); // the database outlives test runs
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            add(out, "manifest.csv", ("file,member,group\nx1.jpg," + xena + ",warriors\nsub/x2.png,xavier,mutants\n").getBytes());
            add(out, "x1.jpg", TestImages.jpeg(100, 100));
            add(out, "sub/x2.png", TestImages.png(100, 100));
            add(out, "../../etc/passwd.jpg", "not an image".getBytes());
        }
        writer().multiPart("files", "set.zip", zip.toByteArray(), "application/zip").post("/api/photos/batch")
            .then().statusCode(200)
            .body("created", equalTo(2)).body("refused", equalTo(1)).body("items", hasSize(3))
            .body("items.find { it.file == 'x1.jpg' }.member", equalTo(xena))
            .body("items.find { it.file == 'x1.jpg' }.group", equalTo("warriors"))
            .body("items.find { it.file == 'sub/x2.png' }.member", equalTo("xavier"))
            .body("items.find { it.file == '../../etc/passwd.jpg' }.result", equalTo("refused"));
        given().queryParam("member", xena).get("/api/photos").then().statusCode(200)
            .body("total", equalTo(1)).body("items[0].group", equalTo("warriors"));
    }

    @Test
    void aBatchOfWhichNothingIsStoredIsAProblemWithEveryItemsReason() throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            add(out, "../../etc/passwd.jpg", TestImages.jpeg(40, 40)); // a valid image, refused by its name
            add(out, "/abs/olute.png", TestImages.png(40, 40));
        }
        long photosBefore = count(Photo.class);
        writer().multiPart("files", "evil.zip", zip.toByteArray(), "application/zip").post("/api/photos/batch")
            .then().statusCode(400).contentType("application/problem+json")
            .body("status", equalTo(400)).body("title", equalTo("Nothing stored")).body("items", hasSize(2))
            .body("items[0].file", equalTo("../../etc/passwd.jpg")).body("items[0].status", equalTo(400))
            .body("items[0].problem", containsString("climbs out"))
            .body("items[1].problem", containsString("absolute path"));
        assertEquals(photosBefore, count(Photo.class));
    }

    private static void add(ZipOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    @Test
    void badImagesGetProblemJsonAndNothingIsStoredOrPublished() {
        byte[] jpeg = TestImages.jpeg(400, 300);
        byte[] truncated = Arrays.copyOf(jpeg, jpeg.length / 2);
        byte[] overLimit = new byte[20_000_001];
        System.arraycopy(jpeg, 0, overLimit, 0, jpeg.length);
        Instant start = Instant.now();
        long photosBefore = count(Photo.class);
        long outboxBefore = count(OutboxEntry.class);
        try (TopicReader topic = new TopicReader(Topics.PHOTOS_UPLOADED)) {
            expectProblem(upload(new byte[0], "empty.jpg", null), 400, "no bytes");
            expectProblem(upload("hello, I am text".getBytes(), "text.jpg", null), 415, "not a JPEG, PNG or WebP");
            expectProblem(upload(truncated, "cut.jpg", null), 422, "truncated");
            expectProblem(upload(overLimit, "huge.jpg", null), 413, "limit");
            expectProblem(upload(TestImages.pngClaiming(30000, 30000), "bomb.png", null), 413, "30000×30000");
            // Older outbox rows may still be relayed meanwhile; none may be of a photo uploaded during this test.
            assertTrue(topic.poll(Duration.ofSeconds(2), r -> uploadedAt(r).isAfter(start)).isEmpty(),
                "a refused upload was published");
        }
        assertEquals(photosBefore, count(Photo.class));
        assertEquals(outboxBefore, count(OutboxEntry.class));
    }

    private static void expectProblem(Response response, int status, String detail) {
        response.then().statusCode(status).contentType("application/problem+json")
            .body("status", equalTo(status)).body("title", startsWith("")).body("detail", containsString(detail));
    }

    private Instant uploadedAt(ConsumerRecord<String, String> record) {
        try {
            return Instant.parse(json.readTree(record.value()).get("uploadedAt").asText());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(Class<?> entity) {
        return QuarkusTransaction.requiringNew().call(() -> entity == Photo.class ? Photo.count() : OutboxEntry.count());
    }

    @Test
    void writesNeedAValidKeyReadsDoNot() {
        given().multiPart("image", "a.jpg", TestImages.jpeg(50, 50)).post("/api/photos").then().statusCode(401)
            .contentType("application/problem+json").body("detail", containsString("X-API-Key"));
        given().header("X-API-Key", "wrong").multiPart("image", "a.jpg", TestImages.jpeg(50, 50)).post("/api/photos")
            .then().statusCode(401);
        given().header("X-API-Key", "rotated-key").multiPart("image", "a.jpg", TestImages.jpeg(50, 50))
            .post("/api/photos").then().statusCode(201);
        given().get("/api/photos").then().statusCode(200);
    }

    @Test
    void relabelAndDeletePublishTheirEvents() throws Exception {
        String id = upload(TestImages.jpeg(120, 90), "bob.jpg", "bob").then().statusCode(201).extract().path("id");
        try (TopicReader relabelled = new TopicReader(Topics.PHOTOS_RELABELLED);
             TopicReader deleted = new TopicReader(Topics.PHOTOS_DELETED)) {
            writer().contentType("application/json").body("{\"member\":\"robert\"}").patch("/api/photos/" + id)
                .then().statusCode(200).body("member", equalTo("robert")).body("group", equalTo("team-a"));
            // relayed before the delete: a delete drops the photo's events still waiting in the outbox
            var relabel = relabelled.awaitCount(1, Duration.ofSeconds(20), r -> r.key().equals(id));
            assertEquals("robert", json.readTree(relabel.get(0).value()).get("member").asText());
            writer().delete("/api/photos/" + id).then().statusCode(204);

            given().get("/api/photos/" + id + "/content").then().statusCode(404).contentType("application/problem+json");
            given().get("/api/photos/" + id).then().statusCode(404);
            writer().delete("/api/photos/" + id).then().statusCode(404);

            assertEquals(1, deleted.awaitCount(1, Duration.ofSeconds(20), r -> r.key().equals(id)).size());
        }
    }

    @Test
    void deletingAPhotoLeavesNoOutboxRowNamingIt() {
        String id = upload(TestImages.jpeg(130, 90), "carol.jpg", "carol").then().statusCode(201).extract().path("id");
        writer().delete("/api/photos/" + id).then().statusCode(204);
        // only the photos.deleted row remains: the upload row held the member label and the hash
        assertEquals(List.of("photos.deleted"), QuarkusTransaction.requiringNew().call(() ->
            OutboxEntry.<OutboxEntry>list("key", id).stream().map(e -> e.topic).toList()));
    }

    @Test
    void erasingAMemberDeletesEachOfItsPhotosWithOneEventEach() throws Exception {
        String member = "erase-" + System.nanoTime();
        List<String> ids = List.of(
            upload(TestImages.jpeg(140, 90), "e1.jpg", member).then().statusCode(201).extract().path("id"),
            upload(TestImages.jpeg(141, 90), "e2.jpg", member).then().statusCode(201).extract().path("id"));
        String other = upload(TestImages.jpeg(142, 90), "keep.jpg", member + "-other").then().statusCode(201)
            .extract().path("id");
        given().delete("/api/members/" + member).then().statusCode(401).contentType("application/problem+json");
        try (TopicReader deleted = new TopicReader(Topics.PHOTOS_DELETED)) {
            writer().delete("/api/members/" + member).then().statusCode(202)
                .body("member", equalTo(member)).body("photos", equalTo(2)).body("photoIds", hasSize(2));
            for (String id : ids) {
                given().get("/api/photos/" + id).then().statusCode(404);
                given().get("/api/photos/" + id + "/content").then().statusCode(404);
            }
            given().queryParam("member", member).get("/api/photos").then().statusCode(200).body("total", equalTo(0));
            given().get("/api/photos/" + other).then().statusCode(200);
            var records = deleted.awaitCount(2, Duration.ofSeconds(20), r -> ids.contains(r.key()));
            assertEquals(Set.copyOf(ids), records.stream().map(ConsumerRecord::key).collect(Collectors.toSet()));
            assertEquals(2, deleted.poll(Duration.ofSeconds(1), r -> ids.contains(r.key())).size(), "one event per photo");
        }
        writer().delete("/api/members/" + member).then().statusCode(404).contentType("application/problem+json")
            .body("detail", containsString(member));
    }

    @Test
    void unknownPhotoAndBadPagingAreProblems() {
        given().get("/api/photos/00000000-0000-0000-0000-000000000000").then().statusCode(404)
            .contentType("application/problem+json").body("title", equalTo("No such photo"));
        given().queryParam("size", 0).get("/api/photos").then().statusCode(400).contentType("application/problem+json");
        given().get("/api/photos/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
    }
}
