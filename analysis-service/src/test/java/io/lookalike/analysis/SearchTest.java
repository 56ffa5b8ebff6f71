package io.lookalike.analysis;

import static io.lookalike.analysis.BruteForce.assertRanking;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.lookalike.analysis.BruteForce.Entry;
import io.lookalike.analysis.BruteForce.Item;
import io.lookalike.analysis.TestFaces.MemberRow;
import io.lookalike.analysis.service.MemberRefresh;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * POST /api/search: the photo goes to embed-service (here a stub on its port that answers with known vectors, as
 * the face models are not this module's business), and each face found gets its nearest members from PostgreSQL.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchTest {
    static final byte[] PHOTO = "pretend these are JPEG bytes".getBytes(StandardCharsets.UTF_8);

    @Inject
    DataSource db;

    // RestAssured knows the test port only around each @Test, so set-up and clean-up call the bean itself
    @Inject
    MemberRefresh refresh;

    @Inject
    ObjectMapper json;

    TestFaces t;
    String group;
    HttpServer embed;
    final AtomicReference<String> answer = new AtomicReference<>();
    final AtomicReference<Integer> status = new AtomicReference<>(200);
    final AtomicReference<String> keySeen = new AtomicReference<>();
    final AtomicReference<String> bodySeen = new AtomicReference<>();
    float[] nearCarol;
    float[] stranger;

    @BeforeAll
    void start() throws IOException, SQLException {
        t = new TestFaces(db, 23);
        group = t.name("search");
        List<float[]> centers = new ArrayList<>();
        for (String m : List.of("carol", "dave", "erin", "frank", "grace")) {
            float[] center = t.randomUnit();
            centers.add(center);
            t.insert(UUID.randomUUID(), 0, t.name(m), group, center);
        }
        nearCarol = t.near(centers.get(0), 0.4);
        stranger = t.randomUnit();
        refresh.recomputeNow();

        embed = HttpServer.create(new InetSocketAddress("127.0.0.1", 18282), 0);
        embed.createContext("/api/embed", exchange -> {
            keySeen.set(exchange.getRequestHeaders().getFirst("X-API-Key"));
            bodySeen.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1));
            byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type",
                status.get() == 200 ? "application/json" : "application/problem+json");
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        embed.start();
    }

    @AfterAll
    void stop() throws SQLException {
        if (embed != null) {
            embed.stop(0);
        }
        t.cleanUp();
        refresh.recomputeNow();
    }

    @Test
    void eachFaceOfThePhotoGetsItsNearestMembers() throws IOException {
        embedAnswers(200, TestFaces.MODEL, nearCarol, stranger);
        JsonPath result = given().header("X-API-Key", QueriesTest.KEY)
            .multiPart("image", "who.jpg", PHOTO, "image/jpeg")
            .queryParam("group", group).queryParam("k", 3)
            .post("/api/search").then().statusCode(200)
            .body("faces.size()", equalTo(2)).body("modelId", equalTo(TestFaces.MODEL))
            .extract().jsonPath();
        assertEquals(QueriesTest.KEY, keySeen.get(), "the caller's key is passed on");
        assertTrue(bodySeen.get().contains("name=\"image\"") && bodySeen.get().contains("pretend these are JPEG bytes"));

        List<Item> members = t.members().values().stream().filter(m -> group.equals(m.group()))
            .map((MemberRow m) -> new Item(m.name(), m.vector())).toList();
        float[][] queries = {nearCarol, stranger};
        for (int f = 0; f < 2; f++) {
            List<Entry> actual = new ArrayList<>();
            for (int i = 0; i < result.getList("faces[" + f + "].matches").size(); i++) {
                actual.add(new Entry(result.getString("faces[" + f + "].matches[" + i + "].member"),
                    result.getDouble("faces[" + f + "].matches[" + i + "].distance")));
            }
            assertRanking(BruteForce.rank(members, queries[f], false), 3, actual, "face " + f);
        }
        assertEquals(t.name("carol"), result.getString("faces[0].matches[0].member"));
        assertTrue(result.getBoolean("faces[0].matches[0].sameLikely"));
        assertFalse(result.getBoolean("faces[1].matches[0].sameLikely"));
    }

    @Test
    void withoutAKeyNothingIsSent() throws IOException {
        embedAnswers(200, TestFaces.MODEL, nearCarol);
        bodySeen.set(null);
        given().multiPart("image", "who.jpg", PHOTO, "image/jpeg").post("/api/search").then().statusCode(401)
            .contentType(containsString("application/problem+json"));
        assertEquals(null, bodySeen.get());
    }

    @Test
    void embedServiceRefusalsArePassedOnAsProblemJson() {
        status.set(415);
        answer.set("{\"type\":\"about:blank\",\"title\":\"Not an image we accept\",\"status\":415,"
            + "\"detail\":\"who.jpg is not a JPEG, PNG or WebP image.\"}");
        try {
            given().header("X-API-Key", QueriesTest.KEY).multiPart("image", "who.jpg", PHOTO, "image/jpeg")
                .post("/api/search").then().statusCode(415).contentType(containsString("application/problem+json"))
                .body("detail", containsString("who.jpg is not"));
        } finally {
            status.set(200);
        }
    }

    @Test
    void vectorsOfAnotherModelAreNotCompared() throws IOException {
        embedAnswers(200, "some-other-model@2", nearCarol);
        given().header("X-API-Key", QueriesTest.KEY).multiPart("image", "who.jpg", PHOTO, "image/jpeg")
            .post("/api/search").then().statusCode(409).contentType(containsString("application/problem+json"))
            .body("detail", containsString("some-other-model@2"));
    }

    @Test
    void aRequestWithoutImageIs400() {
        given().header("X-API-Key", QueriesTest.KEY).multiPart("other", "x").post("/api/search").then().statusCode(400)
            .contentType(containsString("application/problem+json"));
    }

    private void embedAnswers(int code, String model, float[]... vectors) throws IOException {
        List<Map<String, Object>> faces = new ArrayList<>();
        for (int i = 0; i < vectors.length; i++) {
            faces.add(Map.of("box", Map.of("x", 10 + 200 * i, "y", 20, "width", 100, "height", 120), "score", 0.98,
                "size", 120, "quality", 0.7, "landmarks", new float[0], "embedding", vectors[i]));
        }
        status.set(code);
        answer.set(json.writeValueAsString(Map.of("modelId", model, "width", 640, "height", 480, "faces", faces)));
    }
}
