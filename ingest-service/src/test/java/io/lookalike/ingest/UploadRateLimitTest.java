package io.lookalike.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** Uploads per API key are limited by a token bucket (here 3, then 1 an hour): 429 problem JSON with Retry-After. */
@QuarkusTest
@TestProfile(OperatorSettingsProfile.class)
class UploadRateLimitTest {

    static Response upload(String key) {
        return given().header("X-API-Key", key).multiPart("image", "a.jpg", TestImages.jpeg(24, 24), "image/jpeg")
            .post("/api/photos");
    }

    static void assertRetryAfterWithinTheHour(String retryAfter) {
        long seconds = Long.parseLong(retryAfter); // whole seconds until the next token
        assertTrue(seconds >= 1 && seconds <= 3600, "Retry-After " + seconds);
    }

    @Test
    void overItsBurstAKeyGets429WithRetryAfterWhileAnotherKeyAndReadsGoOn() {
        for (int i = 0; i < OperatorSettingsProfile.BURST; i++) {
            upload("test-key").then().statusCode(201);
        }
        String retryAfter = upload("test-key").then().statusCode(429).contentType("application/problem+json")
            .body("status", equalTo(429)).body("title", equalTo("Too many uploads"))
            .body("detail", containsString("try again in"))
            .extract().header("Retry-After");
        assertRetryAfterWithinTheHour(retryAfter);

        // the batch endpoint draws on the same bucket
        assertRetryAfterWithinTheHour(given().header("X-API-Key", "test-key")
            .multiPart("files", "b.jpg", TestImages.jpeg(24, 24), "image/jpeg").post("/api/photos/batch")
            .then().statusCode(429).contentType("application/problem+json").extract().header("Retry-After"));

        // another key has its own bucket; reads and a missing key are not counted against anyone
        upload("rotated-key").then().statusCode(201);
        given().get("/api/photos").then().statusCode(200);
        given().multiPart("image", "a.jpg", TestImages.jpeg(24, 24)).post("/api/photos").then().statusCode(401);
    }
}
