package io.lookalike.analysis;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookalike.contracts.Topics;
import io.lookalike.testing.ConsumerGroups;
import io.lookalike.testing.ServiceProcess;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Privacy end to end, the three services as processes: {@code ./lookalike erase-member} erases a member's photos,
 * faces, thumbnails and vector, and the face named after it in another member's photo (that photo stays), and no service writes the API key or the database password to its log. For a password
 * of this run the test sets one on the database role and puts the usual one back at the end ({@code postgres.sh start}
 * also sets it again); a stack started by {@code ./lookalike up} meanwhile keeps its open connections.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivacyIT {
    static final Duration PIPELINE = Duration.ofSeconds(90);
    static final String KAFKA = env("LOOKALIKE_KAFKA", "127.0.0.1:9092");
    static final String JDBC = "jdbc:postgresql://" + env("LOOKALIKE_PG_HOST", "127.0.0.1") + ":"
        + env("LOOKALIKE_PG_PORT", "5432") + "/lookalike";
    static final String USUAL_PASSWORD = env("LOOKALIKE_DB_PASSWORD", "lookalike");

    final String run = UUID.randomUUID().toString().substring(0, 8);
    final String key = secret();
    final String password = secret();
    final String member = "private-" + run;
    final List<ServiceProcess> services = new ArrayList<>();
    ServiceProcess ingest;
    ServiceProcess analysis;

    @BeforeAll
    void start() throws Exception {
        setPassword(USUAL_PASSWORD, password);
        Map<String, String> common = Map.of("LOOKALIKE_API_KEYS", key, "LOOKALIKE_DB_PASSWORD", password,
            "LOOKALIKE_INGEST_URL", "http://127.0.0.1:28181");
        // consumer groups of this run, one per service, reading from the end of each topic (as DashboardIT)
        String embedGroup = "embed-privacy-" + run;
        String analysisGroup = "analysis-privacy-" + run;
        // started side by side: each waits for its own readiness only
        var ingestStart = starting("ingest-service", 28181, DashboardIT.with(common,
            "MP_MESSAGING_INCOMING_FACES_EMBEDDED_GROUP_ID", "ingest-privacy-" + run,
            "MP_MESSAGING_INCOMING_PHOTOS_REJECTED_GROUP_ID", "ingest-privacy-" + run));
        var embedStart = starting("embed-service", 28182, DashboardIT.with(common,
            "MP_MESSAGING_INCOMING_PHOTOS_UPLOADED_GROUP_ID", embedGroup,
            "MP_MESSAGING_INCOMING_PHOTOS_UPLOADED_AUTO_OFFSET_RESET", "latest",
            "MP_MESSAGING_INCOMING_PHOTOS_RELABELLED_GROUP_ID", embedGroup,
            "MP_MESSAGING_INCOMING_PHOTOS_DELETED_GROUP_ID", embedGroup));
        var analysisStart = starting("analysis-service", 28180, DashboardIT.with(common,
            "LOOKALIKE_EMBED_URL", "http://127.0.0.1:28182",
            "LOOKALIKE_ANALYSIS_MEMBERS_SETTLE", "1s", // embed's deletes are seen a second later, not five
            "MP_MESSAGING_INCOMING_FACES_EMBEDDED_GROUP_ID", analysisGroup,
            "MP_MESSAGING_INCOMING_FACES_EMBEDDED_AUTO_OFFSET_RESET", "latest",
            "MP_MESSAGING_INCOMING_PHOTOS_RELABELLED_GROUP_ID", analysisGroup,
            "MP_MESSAGING_INCOMING_PHOTOS_DELETED_GROUP_ID", analysisGroup));
        ingest = ingestStart.get();
        embedStart.get();
        analysis = analysisStart.get();
        ConsumerGroups.awaitAssigned(KAFKA, embedGroup, Topics.PHOTOS_UPLOADED, PIPELINE);
        ConsumerGroups.awaitAssigned(KAFKA, embedGroup, Topics.PHOTOS_DELETED, PIPELINE);
        ConsumerGroups.awaitAssigned(KAFKA, analysisGroup, Topics.FACES_EMBEDDED, PIPELINE);
        ConsumerGroups.awaitAssigned(KAFKA, analysisGroup, Topics.PHOTOS_DELETED, PIPELINE);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            for (int i = services.size() - 1; i >= 0; i--) {
                services.get(i).close();
            }
        } finally {
            setPassword(password, USUAL_PASSWORD);
        }
    }

    @Test
    void erasingAMemberLeavesNothingOfItAndNoSecretIsLogged() throws Exception {
        List<Path> samples = DashboardIT.samplePhotos();
        List<String> photos = List.of(upload(samples.get(0)), upload(samples.get(1)));
        given().baseUri(ingest.url()).header("X-API-Key", "not-" + key).multiPart("image", samples.get(2).toFile())
            .post("/api/photos").then().statusCode(401);
        Awaitility.await().atMost(PIPELINE).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() ->
            given().baseUri(analysis.url()).get("/api/members/" + member).then().extract().jsonPath().getInt("photoCount") == 2);
        List<Long> faces = given().baseUri(analysis.url()).get("/api/members/" + member).then().extract().jsonPath()
            .getList("faces.faceId", Long.class);
        List<Long> allFaces = ids("SELECT id FROM embed.face WHERE photo_id::text = ANY(?)", photos);
        assertTrue(allFaces.size() > faces.size(), "the group photos hold bystanders too: " + allFaces);
        given().baseUri(analysis.url()).get("/api/faces/" + faces.get(0) + "/thumbnail").then().statusCode(200);
        // someone else's group photo, where one bystander is named as the member through People
        String others = upload(samples.get(2), "other-" + run);
        Awaitility.await().atMost(PIPELINE).pollInterval(Duration.ofMillis(300)).until(() ->
            ids("SELECT id FROM embed.face WHERE photo_id::text = ANY(?)", List.of(others)).size() > 1);
        List<Long> othersFaces = ids("SELECT id FROM embed.face WHERE photo_id::text = ANY(?) ORDER BY id", List.of(others));
        long named = ids("SELECT id FROM embed.face WHERE photo_id::text = ANY(?) AND member IS NULL ORDER BY id",
            List.of(others)).get(0);
        given().baseUri(analysis.url()).header("X-API-Key", key).contentType("application/json")
            .body(Map.of("member", member, "faceIds", List.of(named))).post("/api/people/assign").then().statusCode(200);
        given().baseUri(analysis.url()).get("/api/members/" + member).then().body("faceCount", equalTo(faces.size() + 1));

        // the CLI, through analysis-service's relay
        Path state = Files.createTempDirectory("privacy-state");
        ProcessBuilder cli = new ProcessBuilder("bash", Path.of("..", "lookalike").toAbsolutePath().normalize().toString(),
            "erase-member", member).redirectErrorStream(true);
        cli.environment().putAll(Map.of("LOOKALIKE_ANALYSIS_URL", analysis.url(), "LOOKALIKE_API_KEY", key,
            "LOOKALIKE_STATE", state.toString()));
        Process erase = cli.start();
        String said = new String(erase.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(erase.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, erase.exitValue(), said);
        assertTrue(said.contains(member + ": 2 photos erased"), said);
        assertTrue(said.contains((faces.size() + 1) + " faces labelled " + member + " erased with their thumbnails, 1 of them in others' photos"), said);

        given().baseUri(ingest.url()).queryParam("member", member).get("/api/photos").then().body("total", equalTo(0));
        for (String photo : photos) {
            given().baseUri(ingest.url()).get("/api/photos/" + photo + "/content").then().statusCode(404);
        }
        // the labelled faces went at once; the bystanders of the member's photos follow from photos.deleted
        Awaitility.await().atMost(PIPELINE).pollInterval(Duration.ofMillis(300)).until(() ->
            given().baseUri(analysis.url()).get("/api/members/" + member).statusCode() == 404
                && ids("SELECT id FROM embed.face WHERE photo_id::text = ANY(?)", photos).isEmpty());
        for (long face : allFaces) {
            given().baseUri(analysis.url()).get("/api/faces/" + face + "/thumbnail").then().statusCode(404);
        }
        // the other member's photo stays, all of it but the named face
        given().baseUri(ingest.url()).get("/api/photos/" + others + "/content").then().statusCode(200);
        List<Long> othersLeft = new ArrayList<>(othersFaces);
        othersLeft.remove(Long.valueOf(named));
        assertEquals(othersLeft, ids("SELECT id FROM embed.face WHERE photo_id::text = ANY(?) ORDER BY id", List.of(others)));
        given().baseUri(analysis.url()).get("/api/faces/" + named + "/thumbnail").then().statusCode(404);
        Awaitility.await().atMost(PIPELINE).pollInterval(Duration.ofMillis(300)).until(() ->
            given().baseUri(analysis.url()).get("/api/members/other-" + run).statusCode() == 200);
        assertEquals(List.of(), ids("SELECT id FROM ingest.outbox WHERE msg_key = ANY(?) AND topic <> 'photos.deleted'", photos));
        given().baseUri(analysis.url()).header("X-API-Key", key).delete("/api/members/" + member).then().statusCode(404);

        // stopped, so every line is written; then no log holds a secret
        for (ServiceProcess service : services) {
            service.close();
        }
        for (ServiceProcess service : services) {
            String log = service.log();
            assertTrue(log.contains("Installed features"), "the log is the service's own:\n" + service.tail());
            assertFalse(log.contains(key), "the API key is in a service log");
            assertFalse(log.contains(password), "the database password is in a service log");
        }
        assertFalse(said.contains(key), "erase-member printed the API key");
    }

    private String upload(Path sample) throws Exception {
        return upload(sample, member);
    }

    private String upload(Path sample, String label) throws Exception {
        return given().baseUri(ingest.url()).header("X-API-Key", key)
            .multiPart("image", DashboardIT.fresh(sample).toFile(), "image/jpeg")
            .multiPart("member", label).multiPart("group", "privacy-" + run)
            .post("/api/photos").then().statusCode(201).extract().path("id");
    }

    private List<Long> ids(String sql, List<String> photos) throws SQLException {
        try (Connection c = DriverManager.getConnection(JDBC, "lookalike", password);
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", photos.toArray()));
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        }
    }

    /** The role's own password (no superuser needed); the new one goes as a literal, PostgreSQL hashes it. */
    private static void setPassword(String current, String next) throws SQLException {
        try (Connection c = DriverManager.getConnection(JDBC, "lookalike", current);
             var statement = c.createStatement()) {
            statement.execute("ALTER ROLE lookalike PASSWORD '" + next.replace("'", "''") + "'");
        }
    }

    private CompletableFuture<ServiceProcess> starting(String module, int port, Map<String, String> env) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                ServiceProcess service = ServiceProcess.start(module, port, env);
                synchronized (services) {
                    services.add(service);
                }
                return service;
            } catch (Exception e) {
                throw new IllegalStateException(module + " did not start", e);
            }
        });
    }

    private static String secret() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
