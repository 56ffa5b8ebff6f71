package io.lookalike.faults;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lookalike.testing.FreshJpeg;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Uploads one-face portraits to ingest-service, each as new bytes, and remembers how each upload was answered; then
 * reads what became of the accepted ones from ingest's photo status and embed's face rows.
 */
final class Uploads {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    /** How one upload was answered: status (0 = no answer within the timeout), content type, body. */
    record Answer(int status, String contentType, String body) {
        UUID id() {
            Matcher m = ID.matcher(body);
            return m.find() ? UUID.fromString(m.group(1)) : null;
        }
    }

    /** What ingest and embed hold for a photo: its status, the face count it announced, its face rows. */
    record Outcome(String status, int faceCount, long faceRows, long distinctFaces) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<byte[]> portraits;
    private final String url;
    private final AtomicInteger next = new AtomicInteger();
    final Queue<UUID> accepted = new ConcurrentLinkedQueue<>();
    final Queue<Answer> refused = new ConcurrentLinkedQueue<>();

    Uploads(String ingestUrl) {
        this.url = ingestUrl + "/api/photos";
        this.portraits = portraits();
    }

    /** Uploads one portrait; a 2xx answer adds its photo to {@link #accepted}, anything else to {@link #refused}. */
    Answer upload() {
        byte[] jpeg = FreshJpeg.of(portraits.get(next.getAndIncrement() % portraits.size()));
        Answer answer = send(jpeg);
        if (answer.status() / 100 == 2) {
            accepted.add(answer.id());
        } else {
            refused.add(answer);
        }
        return answer;
    }

    /** Uploads one after the other, {@code pause} apart, until stopped. */
    Thread continuously(Duration pause, AtomicBoolean stop) {
        Thread thread = new Thread(() -> {
            while (!stop.get()) {
                upload();
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "uploads");
        thread.start();
        return thread;
    }

    private Answer send(byte[] jpeg) {
        String boundary = "fault" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"p.jpg\"\r\n"
            + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(jpeg);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
            .header("X-API-Key", FaultStack.KEY).header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (HttpTimeoutException e) {
            return new Answer(0, "", "no answer within 30 s");
        } catch (IOException e) {
            return new Answer(-1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "", "interrupted");
        }
    }

    /** Photo id → its outcome, for the given photos. */
    static Map<UUID, Outcome> outcomes(Collection<UUID> ids) throws Exception {
        Map<UUID, Outcome> result = new HashMap<>();
        try (Connection db = FaultStack.db();
             PreparedStatement query = db.prepareStatement("""
                 select p.id, p.status, coalesce(p.face_count, 0),
                        (select count(*) from embed.face f where f.photo_id = p.id),
                        (select count(distinct f.face_index) from embed.face f where f.photo_id = p.id)
                   from ingest.photo p where p.id = any(?)""")) {
            query.setArray(1, db.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    result.put(rows.getObject(1, UUID.class),
                        new Outcome(rows.getString(2), rows.getInt(3), rows.getLong(4), rows.getLong(5)));
                }
            }
        }
        return result;
    }

    static long embedded(Collection<UUID> ids) throws Exception {
        return outcomes(ids).values().stream().filter(o -> o.status().equals("EMBEDDED")).count();
    }

    /**
     * The labelled portraits of {@code shared/data/faces} beside the checkout: one face each (the embed tests find
     * 95 faces in these 95 photos).
     */
    private static List<byte[]> portraits() {
        Path folder = null;
        for (Path dir = Path.of("").toAbsolutePath(); dir != null && folder == null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("shared/data/faces/manifest.csv"))) {
                folder = dir.resolve("shared/data/faces");
            }
        }
        assumeTrue(folder != null, "labelled portraits not found: no shared/data/faces/manifest.csv beside the checkout");
        try {
            List<byte[]> photos = new ArrayList<>();
            for (String line : Files.readAllLines(folder.resolve("manifest.csv")).stream().skip(1).toList()) {
                if (!line.isBlank()) {
                    photos.add(Files.readAllBytes(folder.resolve(line.split(",")[0])));
                }
            }
            return photos;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
