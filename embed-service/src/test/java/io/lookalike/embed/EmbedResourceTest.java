package io.lookalike.embed;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookalike.embed.client.PhotoFetcher;
import io.lookalike.embed.pipeline.TestPhotos;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** POST /api/embed answers with faces and vectors, validates like ingest, and stores nothing. */
@QuarkusTest
class EmbedResourceTest {

    @Inject
    PhotoFetcher fetcher;

    @Test
    void aGroupPhotoGivesItsFacesWithUnitVectors() {
        var response = given().header("X-API-Key", TestIngest.KEY)
            .multiPart("image", "sample4.jpg", TestPhotos.read(TestPhotos.samples().get(3)), "image/jpeg")
            .post("/api/embed").then().statusCode(200)
            .body("modelId", equalTo("faceplugin-mbf-512@1"))
            .body("faces", hasSize(4))
            .extract().jsonPath();
        List<Float> vector = response.getList("faces[0].embedding", Float.class);
        assertEquals(512, vector.size());
        double norm = Math.sqrt(vector.stream().mapToDouble(v -> v * v).sum());
        assertEquals(1, norm, 1e-3);
        assertTrue(response.getInt("faces[0].box.width") >= 20);
    }

    @Test
    void aTextFileIsRefusedWithProblemJson() {
        given().header("X-API-Key", TestIngest.KEY)
            .multiPart("image", "notes.jpg", "not a photo".getBytes(StandardCharsets.UTF_8), "image/jpeg")
            .post("/api/embed").then().statusCode(415)
            .contentType(containsString("application/problem+json"))
            .body("title", equalTo("Not an image we accept"))
            .body("detail", containsString("notes.jpg"));
    }

    @Test
    void withoutTheKeyItIsUnauthorized() {
        given().multiPart("image", "a.jpg", TestPhotos.read(TestPhotos.samples().get(0)), "image/jpeg")
            .post("/api/embed").then().statusCode(401).contentType(containsString("application/problem+json"));
    }

    @Test
    void aPhotoDeletedBeforeItsBytesAreFetchedIsEmptyNotAnError() {
        TestIngest.url(); // the real ingest-service answers 404 for an unknown photo
        assertTrue(fetcher.fetch(UUID.randomUUID()).isEmpty());
    }
}
