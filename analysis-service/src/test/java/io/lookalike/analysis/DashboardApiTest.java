package io.lookalike.analysis;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lookalike.analysis.service.MemberRefresh;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the dashboard asks of analysis-service beyond the study's queries: face thumbnails, the overview counts, the
 * photo API relayed to ingest-service, naming suggested faces through embed-service. The two other services are
 * stand-ins on their ports (their own modules test them); faces and members are real rows in PostgreSQL.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardApiTest {
    static final String KEY = QueriesTest.KEY;

    @Inject
    DataSource db;

    @Inject
    MemberRefresh refresh;

    final ObjectMapper json = new ObjectMapper();
    TestFaces t;
    String group;
    HttpServer ingest;
    HttpServer embed;
    final AtomicReference<Seen> ingestSeen = new AtomicReference<>();
    byte[] jpeg;
    final List<Long> annFaces = new ArrayList<>();
    float[][] annVectors;

    /** One request as a stand-in received it. */
    record Seen(String method, String uri, String contentType, String key, byte[] body) {
    }

    @BeforeAll
    void start() throws IOException, SQLException {
        t = new TestFaces(db, 77);
        group = t.name("dash");
        jpeg = jpeg(64, 64);
        float[] center = t.randomUnit();
        annVectors = new float[][] {t.near(center, 0.6), t.near(center, 0.2), t.near(center, 0.6)};
        for (float[] v : annVectors) {
            long id = t.insert(UUID.randomUUID(), 0, t.name("ann"), group, v);
            t.execute("UPDATE embed.face SET thumbnail = ? WHERE id = ?", jpeg, id);
            annFaces.add(id);
        }
        t.insert(UUID.randomUUID(), 0, t.name("bob"), group, t.randomUnit()); // no thumbnail: written before V3
        refresh.recomputeNow();
        ingest = HttpServer.create(new InetSocketAddress("127.0.0.1", 18281), 0);
        ingest.createContext("/api/photos", this::ingestAnswers);
        ingest.createContext("/api/members", this::ingestErases);
        ingest.start();
        embed = HttpServer.create(new InetSocketAddress("127.0.0.1", 18282), 0);
        embed.createContext("/api/faces/labels", this::embedLabels);
        embed.start();
    }

    @AfterAll
    void stop() throws SQLException {
        ingest.stop(0);
        embed.stop(0);
        t.cleanUp();
        refresh.recomputeNow();
    }

    // ---- thumbnails -------------------------------------------------------------------------------------------

    @Test
    void aFaceThumbnailIsItsStoredJpegAndBrowsersMayKeepIt() {
        long id = annFaces.get(0);
        byte[] served = given().get("/api/faces/" + id + "/thumbnail").then().statusCode(200)
            .contentType("image/jpeg").header("Cache-Control", allOf(containsString("private"), containsString("no-cache")))
            .header("ETag", containsString("face-" + id)).extract().asByteArray();
        assertArrayEquals(jpeg, served);
        given().header("If-None-Match", "\"face-" + id + "\"").get("/api/faces/" + id + "/thumbnail").then().statusCode(304);
    }

    @Test
    void anErasedFaceIs404AlsoToABrowserHoldingItsThumbnail() throws SQLException {
        long id = t.insert(UUID.randomUUID(), 0, null, group, t.randomUnit());
        t.execute("UPDATE embed.face SET thumbnail = ? WHERE id = ?", jpeg, id);
        given().get("/api/faces/" + id + "/thumbnail").then().statusCode(200);
        t.execute("DELETE FROM embed.face WHERE id = ?", id);
        given().header("If-None-Match", "\"face-" + id + "\"").get("/api/faces/" + id + "/thumbnail").then().statusCode(404)
            .contentType(containsString("application/problem+json"));
    }

    @Test
    void missingFacesAndThumbnailsAre404ProblemJson() throws SQLException {
        given().get("/api/faces/999999999/thumbnail").then().statusCode(404)
            .contentType(containsString("application/problem+json")).body("detail", containsString("999999999"));
        long bob = faceOf(t.name("bob"));
        given().get("/api/faces/" + bob + "/thumbnail").then().statusCode(404)
            .contentType(containsString("application/problem+json")).body("detail", containsString("re-embed"));
        given().get("/api/members/nobody-" + t.tag + "/thumbnail").then().statusCode(404)
            .contentType(containsString("application/problem+json"));
    }

    @Test
    void aMemberIsPicturedByTheFaceNearestItsMeanVector() {
        float[] mean = TestFaces.unit(sum(annVectors));
        int best = 0;
        for (int i = 1; i < annVectors.length; i++) {
            if (distance(annVectors[i], mean) < distance(annVectors[best], mean)) {
                best = i;
            }
        }
        given().redirects().follow(false).get("/api/members/" + t.name("ann") + "/thumbnail").then().statusCode(303)
            .header("Location", containsString("/api/faces/" + annFaces.get(best) + "/thumbnail"));
    }

    // ---- overview ---------------------------------------------------------------------------------------------

    @Test
    void theOverviewCountsFacesAndMembersHereAndPhotosAtIngest() throws SQLException {
        JsonPath overview = given().get("/api/overview").then().statusCode(200).extract().jsonPath();
        assertEquals(12, overview.getLong("photos"));
        assertEquals(3, overview.getLong("queued"));
        assertEquals(8, overview.getLong("embedded"));
        assertEquals(1, overview.getLong("rejected"));
        assertEquals(count("SELECT count(*) FROM embed.face WHERE model_id = ?"), overview.getLong("faces"));
        assertEquals(count("SELECT count(*) FROM embed.face WHERE model_id = ? AND member IS NULL"),
            overview.getLong("unlabelledFaces"));
        assertEquals(count("SELECT count(*) FROM analysis.member WHERE model_id = ?"), overview.getLong("members"));
        assertTrue(overview.getLong("members") >= 2 && overview.getLong("groups") >= 1);
    }

    @Test
    void withIngestAwayTheOverviewStillAnswersWithoutPhotoCounts() {
        ingest.stop(0);
        try {
            given().get("/api/overview").then().statusCode(200).body("photos", nullValue()).body("faces", org.hamcrest.Matchers.greaterThan(0));
            given().get("/api/photos/" + UUID.randomUUID()).then().statusCode(503)
                .contentType(containsString("application/problem+json")).body("detail", containsString("ingest-service"));
        } finally {
            restartIngest();
        }
    }

    // ---- photo API relayed to ingest-service -------------------------------------------------------------------

    @Test
    void uploadsAreRelayedByteForByteWithTheKeyAndIngestAnswersComeBack() {
        byte[] photo = jpeg(32, 32);
        String id = given().header("X-API-Key", KEY).multiPart("image", "me.jpg", photo, "image/jpeg")
            .multiPart("member", "zoe").post("/api/photos").then().statusCode(201)
            .header("Location", containsString("/api/photos/")).body("status", equalTo("queued"))
            .extract().path("id");
        Seen seen = ingestSeen.get();
        assertEquals("POST", seen.method());
        assertEquals("/api/photos", seen.uri());
        assertEquals(KEY, seen.key());
        assertTrue(seen.contentType().startsWith("multipart/form-data"), seen.contentType());
        String body = new String(seen.body(), StandardCharsets.ISO_8859_1);
        assertTrue(body.contains(new String(photo, StandardCharsets.ISO_8859_1)), "the photo's bytes arrive unchanged");
        assertTrue(body.contains("name=\"member\"") && body.contains("zoe"));

        given().get("/api/photos/" + id + "?fields=all").then().statusCode(200).body("id", equalTo(id));
        assertEquals("/api/photos/" + id + "?fields=all", ingestSeen.get().uri());
        byte[] content = given().get("/api/photos/" + id + "/content").then().statusCode(200)
            .contentType("image/jpeg").extract().asByteArray();
        assertArrayEquals(jpeg, content);
    }

    @Test
    void ingestRefusalsComeBackAsTheyWereAndKeylessWritesStopHere() {
        given().header("X-API-Key", KEY).multiPart("image", "bad.jpg", "text".getBytes(StandardCharsets.UTF_8), "image/jpeg")
            .queryParam("refuse", "yes").post("/api/photos").then().statusCode(415)
            .contentType(containsString("application/problem+json")).body("detail", containsString("not a JPEG"));
        ingestSeen.set(null);
        given().multiPart("image", "me.jpg", jpeg, "image/jpeg").post("/api/photos").then().statusCode(401)
            .contentType(containsString("application/problem+json"));
        assertNull(ingestSeen.get(), "nothing reaches ingest-service without a key");
    }

    @Test
    void erasingAMemberIsRelayedWithTheKeyAndTheNameLeavesThePairLists() throws SQLException {
        String ann = t.name("ann");
        String erin = t.name("erin");
        String dan = t.name("dan");
        t.insert(UUID.randomUUID(), 0, dan, group, t.randomUnit());
        long named = t.insert(UUID.randomUUID(), 2, erin, group, t.randomUnit()); // named through People in a group photo
        refresh.recomputeNow();
        long list = given().header("X-API-Key", KEY).contentType("application/json")
            .body(Map.of("name", t.name("erase"), "pairs", List.of(Map.of("a", ann, "b", erin), Map.of("a", erin, "b", dan),
                Map.of("a", ann, "b", dan))))
            .post("/api/pair-lists").then().statusCode(201).extract().jsonPath().getLong("id");

        ingestSeen.set(null);
        given().delete("/api/members/" + erin).then().statusCode(401).contentType(containsString("application/problem+json"));
        assertNull(ingestSeen.get(), "nothing reaches ingest-service without a key");
        given().header("X-API-Key", KEY).delete("/api/members/nobody-" + t.tag).then().statusCode(404)
            .contentType(containsString("application/problem+json")).body("title", equalTo("Unknown member"));
        given().get("/api/pair-lists/{id}", list).then().body("pairs.size()", equalTo(3));

        given().header("X-API-Key", KEY).delete("/api/members/" + erin).then().statusCode(202)
            .contentType(containsString("application/json")).body("member", equalTo(erin)).body("photos", equalTo(2))
            .body("faces", equalTo(1)).body("facesInOthersPhotos", equalTo(1));
        assertEquals("DELETE", ingestSeen.get().method());
        assertEquals("/api/members/" + erin, ingestSeen.get().uri());
        assertEquals(KEY, ingestSeen.get().key());
        assertEquals(0, faceRows(named), "the face named in another's photo is gone");
        given().get("/api/pair-lists/{id}", list).then().statusCode(200).body("pairs.size()", equalTo(1))
            .body("pairs[0].a", equalTo(ann)).body("pairs[0].b", equalTo(dan));
        given().header("X-API-Key", KEY).delete("/api/pair-lists/{id}", list).then().statusCode(204);
    }

    @Test
    void aMemberKnownOnlyByNamedFacesIsErasedToo() throws SQLException {
        String ghost = "nobody-named-" + t.tag; // no photo labelled so: ingest-service answers 404
        long named = t.insert(UUID.randomUUID(), 1, ghost, group, t.randomUnit());
        refresh.recomputeNow();
        given().get("/api/members/" + ghost).then().statusCode(200);
        given().header("X-API-Key", KEY).delete("/api/members/" + ghost).then().statusCode(202)
            .body("photos", equalTo(0)).body("faces", equalTo(1)).body("facesInOthersPhotos", equalTo(1));
        assertEquals(0, faceRows(named));
        given().header("X-API-Key", KEY).delete("/api/members/" + ghost).then().statusCode(404)
            .contentType(containsString("application/problem+json"));
    }

    @Test
    void anErasureEmbedServiceRefusesSaysWhatWasDoneAndHowToFinish() {
        given().header("X-API-Key", KEY).delete("/api/members/broken-" + t.tag).then().statusCode(502)
            .contentType(containsString("application/problem+json")).body("title", equalTo("Erasure incomplete"))
            .body("detail", allOf(containsString("2 photos were erased"), containsString("disk full"),
                containsString("Erase the member again")));
    }

    // ---- naming suggested people ------------------------------------------------------------------------------

    @Test
    void assigningFacesMakesThemTheMembersAtOnce() throws Exception {
        List<Long> strangers = new ArrayList<>();
        float[] center = t.randomUnit();
        for (int i = 0; i < 2; i++) {
            strangers.add(t.insert(UUID.randomUUID(), 1, null, group, t.near(center, 0.3)));
        }
        String cleo = t.name("cleo");
        given().header("X-API-Key", KEY).contentType("application/json")
            .body(json.writeValueAsString(new java.util.LinkedHashMap<>(java.util.Map.of("member", cleo, "group", group,
                "faceIds", strangers))))
            .post("/api/people/assign").then().statusCode(200).body("assigned", equalTo(2)).body("member", equalTo(cleo));
        // no wait: the member's vector is recomputed before the answer
        given().get("/api/members/" + cleo).then().statusCode(200).body("faceCount", equalTo(2)).body("group", equalTo(group));
    }

    @Test
    void assigningUnknownFacesOrNoNameIsAProblem() throws Exception {
        given().header("X-API-Key", KEY).contentType("application/json")
            .body("{\"member\":\"x-" + t.tag + "\",\"faceIds\":[999999999]}")
            .post("/api/people/assign").then().statusCode(404).contentType(containsString("application/problem+json"))
            .body("detail", containsString("999999999"));
        given().header("X-API-Key", KEY).contentType("application/json").body("{\"faceIds\":[1]}")
            .post("/api/people/assign").then().statusCode(400).contentType(containsString("application/problem+json"));
    }

    // ---- stand-ins --------------------------------------------------------------------------------------------

    /** ingest-service: counts, one photo, its content, uploads (refused when asked to). */
    private void ingestAnswers(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String uri = exchange.getRequestURI().toString();
        ingestSeen.set(new Seen(exchange.getRequestMethod(), uri, exchange.getRequestHeaders().getFirst("Content-Type"),
            exchange.getRequestHeaders().getFirst("X-API-Key"), body));
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/api/photos/counts")) {
            reply(exchange, 200, "application/json", "{\"photos\":12,\"queued\":3,\"embedded\":8,\"rejected\":1,\"bytes\":4096}");
        } else if (path.endsWith("/content")) {
            reply(exchange, 200, "image/jpeg", jpeg);
        } else if (exchange.getRequestMethod().equals("POST") && uri.contains("refuse=yes")) {
            reply(exchange, 415, "application/problem+json",
                "{\"title\":\"Not an image\",\"status\":415,\"detail\":\"bad.jpg is not a JPEG, PNG or WebP image.\"}");
        } else if (exchange.getRequestMethod().equals("POST")) {
            String id = UUID.randomUUID().toString();
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:18281/api/photos/" + id);
            reply(exchange, 201, "application/json", "{\"id\":\"" + id + "\",\"status\":\"queued\"}");
        } else {
            String id = path.substring(path.lastIndexOf('/') + 1);
            reply(exchange, 200, "application/json", "{\"id\":\"" + id + "\",\"status\":\"embedded\",\"faceCount\":1}");
        }
    }

    /** embed-service's face labels: writes them, as embed-service does, into embed.face. */
    /** ingest-service's member erasure: 404 problem for names starting with "nobody", else two photos erased. */
    private void ingestErases(HttpExchange exchange) throws IOException {
        ingestSeen.set(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(), null,
            exchange.getRequestHeaders().getFirst("X-API-Key"), exchange.getRequestBody().readAllBytes()));
        String name = exchange.getRequestURI().getPath().substring("/api/members/".length());
        if (name.startsWith("nobody")) {
            reply(exchange, 404, "application/problem+json",
                "{\"title\":\"Unknown member\",\"status\":404,\"detail\":\"No photo is labelled '" + name + "'.\"}");
        } else {
            reply(exchange, 202, "application/json", json.writeValueAsString(Map.of("member", name, "photos", 2,
                "photoIds", List.of(UUID.randomUUID(), UUID.randomUUID()))));
        }
    }

    private void embedLabels(HttpExchange exchange) throws IOException {
        if (exchange.getRequestMethod().equals("DELETE")) {
            embedErases(exchange);
            return;
        }
        JsonNode request = json.readTree(exchange.getRequestBody().readAllBytes());
        List<Long> ids = new ArrayList<>();
        request.get("faceIds").forEach(n -> ids.add(n.asLong()));
        int labelled = 0;
        for (long id : ids) {
            labelled += update("UPDATE embed.face SET member = ?, group_name = coalesce(?, group_name) WHERE id = ?",
                request.get("member").asText(), request.path("group").isNull() ? null : request.path("group").asText(null), id);
        }
        if (labelled == 0) {
            reply(exchange, 404, "application/problem+json",
                "{\"title\":\"No such faces\",\"status\":404,\"detail\":\"None of the faces " + ids + " exists.\"}");
        } else {
            reply(exchange, 200, "application/json", json.writeValueAsString(java.util.Map.of("labelled", labelled,
                "member", request.get("member").asText(), "group", request.path("group").asText(""))));
        }
    }

    /** As embed-service: the faces labelled with the member go; "broken-…" stands for embed-service failing. */
    private void embedErases(HttpExchange exchange) throws IOException {
        String member = exchange.getRequestURI().getPath().substring("/api/faces/labels/".length());
        if (member.startsWith("broken")) {
            reply(exchange, 500, "application/problem+json", "{\"title\":\"Internal\",\"status\":500,\"detail\":\"disk full\"}");
            return;
        }
        List<Map<String, Object>> faces = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM embed.face WHERE member = ? RETURNING id, photo_id")) {
            ps.setString(1, member);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    faces.add(Map.of("faceId", rs.getLong(1), "photoId", rs.getString(2)));
                }
            }
        } catch (SQLException e) {
            throw new IOException(e);
        }
        reply(exchange, 200, "application/json", json.writeValueAsString(Map.of("member", member, "faces", faces)));
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        reply(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private void restartIngest() {
        try {
            ingest = HttpServer.create(new InetSocketAddress("127.0.0.1", 18281), 0);
            ingest.createContext("/api/photos", this::ingestAnswers);
            ingest.createContext("/api/members", this::ingestErases);
            ingest.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private long faceOf(String member) throws SQLException {
        return count("SELECT min(id) FROM embed.face WHERE model_id = ? AND member = '" + member + "'");
    }

    private long count(String sql) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, TestFaces.MODEL);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long faceRows(long id) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM embed.face WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double distance(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(d);
    }

    private static double[] sum(float[][] vectors) {
        double[] s = new double[vectors[0].length];
        for (float[] v : vectors) {
            for (int i = 0; i < s.length; i++) {
                s[i] += v[i];
            }
        }
        return s;
    }

    private static byte[] jpeg(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, (x * 7 + y * 13) << 8);
            }
        }
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "jpg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
