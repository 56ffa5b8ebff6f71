package io.lookalike.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lookalike.testing.DashboardMetrics;
import io.lookalike.testing.PrometheusText;
import io.lookalike.testing.ServiceProcess;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard end to end: the three services as processes from their jars (real Kafka, PostgreSQL and face models)
 * and Debian's Chromium driven by Selenium. Members are the main faces of the six sample group photos, labelled with
 * this run's tag in a group of their own, so other data in the database does not matter. Screenshots of every page
 * go to {@code target/e2e-screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("target", "e2e-screenshots");
    static final Duration PIPELINE = Duration.ofSeconds(90);

    final String run = UUID.randomUUID().toString().substring(0, 8);
    final String key = "e2e-key-" + run;
    final String group = "e2e-" + run;
    final ObjectMapper json = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();
    final List<ServiceProcess> services = new ArrayList<>();
    ServiceProcess ingest;
    ServiceProcess embed;
    ServiceProcess analysis;
    WebDriver browser;
    List<Path> samples;

    @BeforeAll
    void start() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
            "Debian's chromium and chromium-driver are needed (./lookalike test installs them)");
        samples = samplePhotos();
        Files.createDirectories(SHOTS);
        // consumer groups of this run, so a stack started by ./lookalike up keeps its own offsets and partitions;
        // each service gets only the keys it has (an unknown MP_MESSAGING_… name would be read as another channel)
        Map<String, String> common = Map.of("LOOKALIKE_API_KEYS", key,
            "LOOKALIKE_INGEST_URL", "http://127.0.0.1:28081", "LOOKALIKE_EMBED_URL", "http://127.0.0.1:28082");
        ingest = started(ServiceProcess.start("ingest-service", 28081, with(common,
            "MP_MESSAGING_INCOMING_FACES_EMBEDDED_GROUP_ID", "ingest-e2e-" + run,
            "MP_MESSAGING_INCOMING_PHOTOS_REJECTED_GROUP_ID", "ingest-e2e-" + run)));
        embed = started(ServiceProcess.start("embed-service", 28082, with(common,
            "MP_MESSAGING_INCOMING_PHOTOS_UPLOADED_GROUP_ID", "embed-e2e-" + run,
            "MP_MESSAGING_INCOMING_PHOTOS_UPLOADED_AUTO_OFFSET_RESET", "latest",
            "MP_MESSAGING_INCOMING_PHOTOS_RELABELLED_GROUP_ID", "embed-e2e-" + run,
            "MP_MESSAGING_INCOMING_PHOTOS_DELETED_GROUP_ID", "embed-e2e-" + run)));
        analysis = started(ServiceProcess.start("analysis-service", 28080, with(common,
            "MP_MESSAGING_INCOMING_FACES_EMBEDDED_GROUP_ID", "analysis-e2e-" + run,
            "MP_MESSAGING_INCOMING_FACES_EMBEDDED_AUTO_OFFSET_RESET", "latest",
            "MP_MESSAGING_INCOMING_PHOTOS_RELABELLED_GROUP_ID", "analysis-e2e-" + run,
            "MP_MESSAGING_INCOMING_PHOTOS_DELETED_GROUP_ID", "analysis-e2e-" + run)));
        // new groups read from the end of each topic: wait until they own their partitions, then upload
        awaitAssigned("ingest-e2e-" + run, "faces.embedded");
        awaitAssigned("embed-e2e-" + run, "photos.uploaded");
        awaitAssigned("analysis-e2e-" + run, "faces.embedded");
        // three members to begin with: the main faces of sample1..3
        for (int i = 0; i < 3; i++) {
            await(status(upload(fresh(samples.get(i)), member(i)), "embedded"));
        }
        await(() -> members() == 3);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
            "--window-size=1400,1000", "--user-data-dir=" + Files.createTempDirectory("chromium-e2e"));
        ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort().build();
        browser = new ChromeDriver(driver, options);
        browser.get(analysis.url() + "/#/");
        WebElement apiKey = find("api-key");
        apiKey.clear();
        apiKey.sendKeys(key);
        apiKey.sendKeys(org.openqa.selenium.Keys.TAB);
        // a reload would clear this: it proves the pages update in place
        js("window.e2eNoReload = 'still here';");
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
    }

    @Test
    void theDashboardFollowsUploadsLiveAndAnswersTheStudysQuestions() throws Exception {
        // the map of the group: one marker per member
        go("#/map?group=" + group);
        await(() -> "3".equals(find("map").getDomAttribute("data-points")));
        shot("map-3");

        // upload through the page: the row turns embedded
        go("#/upload");
        find("upload-member").sendKeys(member(3));
        find("upload-group").sendKeys(group);
        Path fourth = fresh(samples.get(3));
        find("upload-input").sendKeys(fourth.toString());
        await(() -> rowsText("upload-status").contains("embedded"));
        shot("upload");

        // the overview and the map now count four members, without a reload
        go("#/map?group=" + group);
        await(() -> "4".equals(find("map").getDomAttribute("data-points")));
        shot("map-4");
        go("#/");
        selectGroup();
        await(() -> browser.findElements(By.cssSelector("[data-testid=most-alike] [data-testid=pair-row]")).size() >= 5);
        assertTrue(browser.findElement(By.cssSelector("[data-testid=most-alike] img")).getDomProperty("naturalWidth")
            .matches("[1-9][0-9]*"), "pairs show face thumbnails");

        // live: a photo arriving by REST while the overview is open shows up by itself
        long membersShown = number("count-members");
        await(status(upload(fresh(samples.get(4)), member(4)), "embedded"));
        await(() -> number("count-members") >= membersShown + 1);
        shot("overview");

        // a member page lists lookalikes
        go("#/members/" + member(0));
        await(() -> browser.findElements(By.cssSelector("[data-testid=lookalike-row]")).size() >= 4);
        await(() -> !browser.findElements(By.cssSelector("[data-testid=member-photos] img")).isEmpty());
        shot("member");

        // who do I look like: the faces of a photo
        go("#/search");
        find("search-input").sendKeys(fresh(samples.get(5)).toString());
        await(() -> browser.findElements(By.cssSelector("[data-testid=search-face]")).size() >= 1);
        shot("search");

        assertEquals("still here", js("return window.e2eNoReload;"), "no page reloaded during the test");
    }

    @Test
    void prometheusShowsThePipelineMetricsAndEveryDashboardQueryHasItsMetric() throws Exception {
        await(status(upload(fresh(samples.get(0)), null), "embedded")); // at least one photo through the pipeline
        String metrics = get(ingest.url() + "/q/metrics") + get(embed.url() + "/q/metrics") + get(analysis.url() + "/q/metrics");
        Set<String> exported = PrometheusText.sampleNames(metrics);
        for (String required : List.of("lookalike_uploads_total", "lookalike_upload_bytes_count",
                "lookalike_upload_latency_seconds_bucket", "lookalike_outbox_backlog", "lookalike_embed_stage_seconds_bucket",
                "lookalike_faces_per_photo_count", "lookalike_photos_rejected_total", "lookalike_dlq_records_total",
                "kafka_consumer_fetch_manager_records_lag_max", "http_server_requests_seconds_bucket")) {
            assertTrue(exported.contains(required), required + " is exported");
        }
        Set<String> missing = new TreeSet<>(DashboardMetrics.metricNames(DashboardMetrics.dashboardsDir()));
        missing.removeAll(PrometheusText.sampleNames(metrics));
        assertTrue(missing.isEmpty(), "Grafana queries name metrics the services do not expose: " + missing);
    }

    // ---- the stack ------------------------------------------------------------------------------------------------

    private static void awaitAssigned(String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", "127.0.0.1:9092"))) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            await(() -> admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().stream()
                .flatMap(m -> m.assignment().topicPartitions().stream()).filter(tp -> tp.topic().equals(topic))
                .count() == partitions);
        }
    }

    static Map<String, String> with(Map<String, String> common, String... pairs) {
        Map<String, String> env = new HashMap<>(common);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private ServiceProcess started(ServiceProcess service) {
        services.add(service);
        return service;
    }

    private String member(int i) {
        return "m" + (i + 1) + "-" + run;
    }

    private String upload(Path photo, String member) throws IOException, InterruptedException {
        String boundary = "e2e" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        part(body, boundary, "image\"; filename=\"" + photo.getFileName(), "image/jpeg", Files.readAllBytes(photo));
        if (member != null) {
            part(body, boundary, "member", "text/plain", member.getBytes(StandardCharsets.UTF_8));
            part(body, boundary, "group", "text/plain", group.getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ingest.url() + "/api/photos"))
            .header("X-API-Key", key).header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() == 201 || response.statusCode() == 200, response.body());
        return json.readTree(response.body()).get("id").asText();
    }

    private static void part(ByteArrayOutputStream body, String boundary, String name, String type, byte[] bytes)
        throws IOException {
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\nContent-Type: "
            + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(bytes);
        body.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    private Callable<Boolean> status(String photoId, String wanted) {
        return () -> {
            JsonNode photo = json.readTree(get(ingest.url() + "/api/photos/" + photoId));
            assertTrue(!"rejected".equals(photo.get("status").asText()) || "rejected".equals(wanted), photo.toString());
            return wanted.equals(photo.get("status").asText());
        };
    }

    private int members() throws IOException, InterruptedException {
        return json.readTree(get(analysis.url() + "/api/members?group=" + group)).size();
    }

    private String get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The sample group photos that ./lookalike fetches from npm (@vladmandic/face-api). */
    static List<Path> samplePhotos() {
        String cache = System.getenv("LOOKALIKE_CACHE");
        Path root = cache == null || cache.isBlank() ? Path.of(System.getProperty("user.home"), ".cache/lookalike") : Path.of(cache);
        List<Path> photos = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            Path p = root.resolve("npm/face-api-1.7.15/package/demo/sample" + i + ".jpg");
            assertTrue(Files.isRegularFile(p), p + " is missing: deploy/local/fetch.sh fetches it");
            photos.add(p);
        }
        return photos;
    }

    /** The same picture as new bytes (a JPEG comment of this run's), so it is a new photo, not a duplicate. */
    static Path fresh(Path photo) throws IOException {
        byte[] jpeg = Files.readAllBytes(photo);
        byte[] comment = ("lookalike e2e " + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2); // SOI
        out.write(new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) ((comment.length + 2) >> 8), (byte) (comment.length + 2)});
        out.write(comment);
        out.write(jpeg, 2, jpeg.length - 2);
        Path file = Files.createTempFile("e2e-", ".jpg");
        Files.write(file, out.toByteArray());
        return file;
    }

    // ---- the browser --------------------------------------------------------------------------------------------

    private void go(String hash) {
        js("location.hash = arguments[0];", hash);
    }

    private WebElement find(String testId) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
            .until(() -> !browser.findElements(By.cssSelector("[data-testid=" + testId + "]")).isEmpty());
        return browser.findElement(By.cssSelector("[data-testid=" + testId + "]"));
    }

    private void selectGroup() {
        WebElement select = find("group-select");
        await(() -> !select.findElements(By.cssSelector("option[value='" + group + "']")).isEmpty());
        js("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
            select, group);
    }

    private long number(String testId) {
        String text = find(testId).getText().replaceAll("[^0-9]", "");
        return text.isEmpty() ? -1 : Long.parseLong(text);
    }

    private String rowsText(String testId) {
        StringBuilder text = new StringBuilder();
        browser.findElements(By.cssSelector("[data-testid=" + testId + "]")).forEach(e -> text.append(e.getText()).append('\n'));
        return text.toString();
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private void shot(String name) throws IOException {
        File png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), SHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void await(Callable<Boolean> condition) {
        Awaitility.await().atMost(PIPELINE).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(condition);
    }
}
