package io.lookalike.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.HdrHistogram.Histogram;

/**
 * {@code ./lookalike bench ingest}: uploads per second and latency percentiles of {@code POST /api/photos} on a
 * running ingest-service, for ~100 KB JPEGs from several concurrent clients; then, in the same run, the floor of
 * the design it implements ("bytes + metadata + an outbox row in one transaction") measured as raw JDBC against the
 * same PostgreSQL, so the service can be quoted as a ratio of what the database alone allows.
 *
 * <p>Every upload is a distinct byte sequence (a COM segment with a per-run nonce and a counter right after SOI),
 * so the service's duplicate shortcut never answers. Prints figures; it is not a test.
 */
public final class IngestBench {

    static final double TARGET_UPLOADS_PER_S = 200;
    static final double TARGET_P99_MS = 100;

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench ingest: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (o.help) {
            System.out.println(Options.USAGE);
            return;
        }
        System.exit(new IngestBench(o).run());
    }

    private final Options o;
    private final String runId = HexFormat.of().formatHex(randomBytes(6));
    private final Queue<String> created = new ConcurrentLinkedQueue<>();
    private Photo photo;

    IngestBench(Options o) {
        this.o = o;
    }

    int run() throws Exception {
        if (o.key == null || o.key.isBlank()) {
            System.err.println("bench ingest: no API key. Pass --key, set LOOKALIKE_API_KEY, or start the stack with "
                + "./lookalike up (it writes .state/api-key).");
            return 2;
        }
        if (!reachable()) {
            return 2;
        }
        double busyBefore = settle();
        photo = Photo.generate(o.targetBytes);
        System.out.println("lookalike bench ingest (run " + runId + ")");
        System.out.printf("  service      %s/api/photos%n", o.url);
        System.out.printf("  photo        %dx%d JPEG, quality %.2f, %,d bytes (+%d-byte COM nonce per upload, every upload distinct)%n",
            photo.width, photo.height, photo.quality, photo.jpeg.length, photo.unique(0).length - photo.jpeg.length);
        System.out.printf("  clients      %d%n", o.clients);
        System.out.printf("  uploads      %,d measured, after %,d warm-up uploads (not counted)%n", o.uploads, o.warmup);
        System.out.printf("  machine      %d CPUs, java %s%s%n", Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version"), busyBefore < 0 ? "" : ", %.0f%% busy just before the run".formatted(busyBefore * 100));
        if (busyBefore > 0.15) {
            System.out.println("  WARNING      other work is using the CPUs: the figures below understate both sides");
        }

        Uploader uploader = new Uploader();
        int probe = uploader.probe();
        if (probe != 0) {
            return probe;
        }
        Result service = measure("service", uploader);
        service.print("service   POST /api/photos (multipart, HTTP/1.1 keep-alive, one connection per client)");

        Result baseline = null;
        if (o.baseline) {
            try (Baseline db = new Baseline()) {
                baseline = measure("baseline", db);
            } catch (SQLException e) {
                System.err.println("baseline skipped: cannot use PostgreSQL at " + o.jdbcUrl + " as " + o.dbUser
                    + " (" + e.getMessage() + "); pass --jdbc-url/--db-user/--db-password or --no-baseline.");
            }
            if (baseline != null) {
                baseline.print("baseline  raw JDBC: 1 transaction = INSERT bytes+metadata row + INSERT outbox row (schema bench)");
                System.out.println();
                System.out.printf("ratio service/baseline   throughput %.2fx   p50 latency %.2fx   p99 latency %.2fx%n",
                    service.perSecond() / baseline.perSecond(),
                    service.ms(50) / baseline.ms(50), service.ms(99) / baseline.ms(99));
            }
        }
        boolean met = service.perSecond() >= TARGET_UPLOADS_PER_S && service.ms(99) < TARGET_P99_MS && service.errors == 0;
        System.out.printf("target (>= %.0f uploads/s, p99 < %.0f ms, no errors with %d clients): %s%n",
            TARGET_UPLOADS_PER_S, TARGET_P99_MS, o.clients, met ? "MET" : "MISSED");
        if (!o.keep) {
            uploader.deleteCreated();
        } else {
            System.out.printf("kept %,d uploaded photos (group %s)%n", created.size(), group());
        }
        return service.errors == 0 ? 0 : 1;
    }

    private String group() {
        return "bench-" + runId;
    }

    // ---------------------------------------------------------------- phases

    /** One way of storing an upload; {@link #store} returns null on success, else a short error description. */
    interface Target {
        /** Per client thread state (a connection); called on the client thread. */
        Object open(int client) throws Exception;

        String store(Object state, long seq) throws Exception;

        void close(Object state);
    }

    record Result(String name, long ok, long errors, long wallNanos, Histogram latency, Map<String, Integer> errorKinds,
                  double clientCores, double machineBusy) {
        double perSecond() {
            return ok / (wallNanos / 1e9);
        }

        double ms(double percentile) {
            return latency.getValueAtPercentile(percentile) / 1000.0;
        }

        void print(String title) {
            System.out.println();
            System.out.println(title);
            System.out.printf("  wall time    %.2f s for %,d uploads%n", wallNanos / 1e9, ok + errors);
            System.out.printf("  throughput   %.1f uploads/s%n", perSecond());
            System.out.printf("  latency ms   p50 %.1f   p90 %.1f   p99 %.1f   max %.1f   (mean %.1f)%n",
                ms(50), ms(90), ms(99), latency.getMaxValue() / 1000.0, latency.getMean() / 1000.0);
            System.out.printf("  errors       %d%s%n", errors, errorKinds.isEmpty() ? "" : "  " + errorKinds);
            if (machineBusy >= 0) {
                System.out.printf("  cpu          machine %.0f%% busy of %d CPUs; this bench process used %.2f CPUs of that%n",
                    machineBusy * 100, Runtime.getRuntime().availableProcessors(), clientCores);
            }
        }
    }

    private Result measure(String name, Target target) throws Exception {
        AtomicLong seq = new AtomicLong();
        run(target, seq, o.warmup, null);
        Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        Map<String, Integer> errorKinds = new TreeMap<>();
        AtomicLong errors = new AtomicLong();
        long cpu0 = processCpuNanos();
        long[] machine0 = machineTicks();
        long t0 = System.nanoTime();
        List<Histogram> perClient = run(target, seq, o.uploads, (kind) -> {
            errors.incrementAndGet();
            synchronized (errorKinds) {
                errorKinds.merge(kind, 1, Integer::sum);
            }
        });
        long wall = System.nanoTime() - t0;
        long cpu1 = processCpuNanos();
        long[] machine1 = machineTicks();
        perClient.forEach(latency::add);
        double busy = -1;
        if (machine0 != null && machine1 != null && machine1[1] > machine0[1]) {
            busy = (double) (machine1[0] - machine0[0]) / (machine1[1] - machine0[1]);
        }
        return new Result(name, latency.getTotalCount(), errors.get(), wall, latency, errorKinds,
            (cpu1 - cpu0) / (double) wall, busy);
    }

    /** Runs {@code count} stores over {@code o.clients} threads; returns each thread's latencies (µs) of successes. */
    private List<Histogram> run(Target target, AtomicLong seq, int count, java.util.function.Consumer<String> onError)
        throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Histogram> histograms = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        for (int c = 0; c < o.clients; c++) {
            Histogram h = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
            histograms.add(h);
            int client = c;
            threads.add(thread("bench-client-" + c, () -> {
                Object state = null;
                try {
                    state = target.open(client);
                    while (next.getAndIncrement() < count) {
                        long s = seq.getAndIncrement();
                        long t = System.nanoTime();
                        String error;
                        try {
                            error = target.store(state, s);
                        } catch (IOException | SQLException e) {
                            error = e.getClass().getSimpleName();
                        }
                        long micros = (System.nanoTime() - t) / 1000;
                        if (error == null) {
                            h.recordValue(Math.min(micros, h.getHighestTrackableValue()));
                        } else if (onError != null) {
                            onError.accept(error);
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                } finally {
                    if (state != null) {
                        target.close(state);
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a client thread failed", failures.peek());
        }
        return histograms;
    }

    // ---------------------------------------------------------------- the service

    /** POST /api/photos with one HttpClient (so one keep-alive connection) per client thread. */
    final class Uploader implements Target {
        private final String boundary = "lookalike-bench-" + HexFormat.of().formatHex(randomBytes(12));
        private final URI uri = URI.create(o.url + "/api/photos");

        @Override
        public Object open(int client) {
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        }

        @Override
        public String store(Object state, long seq) throws IOException {
            HttpRequest request = request(seq);
            HttpResponse<String> response;
            try {
                response = ((HttpClient) state).send(request, HttpResponse.BodyHandlers.ofString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            if (response.statusCode() != 201) {
                return "HTTP " + response.statusCode();
            }
            response.headers().firstValue("Location").ifPresent(created::add);
            return null;
        }

        @Override
        public void close(Object state) {
        }

        HttpRequest request(long seq) {
            return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("X-API-Key", o.key)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(seq)))
                .build();
        }

        /** Parts: group (so a run's photos can be found), source, and image with this upload's distinct bytes. */
        byte[] multipart(long seq) {
            byte[] jpeg = photo.unique(seq);
            String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"group\"\r\n\r\n" + group() + "\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"source\"\r\n\r\nbench\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"image\"; filename=\"bench-" + seq + ".jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n";
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + jpeg.length + tail.length);
            out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(jpeg);
            out.writeBytes(tail);
            return out.toByteArray();
        }

        /** One upload before anything is measured: a wrong key or a refused photo stops the run with its reason. */
        int probe() throws Exception {
            HttpClient client = (HttpClient) open(0);
            HttpResponse<String> response = client.send(request(-1), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 201) {
                response.headers().firstValue("Location").ifPresent(created::add);
                return 0;
            }
            if (response.statusCode() == 401) {
                System.err.println("bench ingest: the service refused the API key (401). Use one of its "
                    + "lookalike.api-keys (LOOKALIKE_API_KEYS) via --key or LOOKALIKE_API_KEY.");
                return 2;
            }
            System.err.println("bench ingest: a probe upload got HTTP " + response.statusCode() + " (expected 201): "
                + response.body());
            return 1;
        }

        void deleteCreated() throws Exception {
            List<String> locations = new ArrayList<>(created);
            if (locations.isEmpty()) {
                return;
            }
            AtomicInteger next = new AtomicInteger();
            AtomicInteger deleted = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < o.clients; c++) {
                threads.add(thread("bench-cleanup-" + c, () -> {
                    HttpClient client = (HttpClient) open(0);
                    for (int i; (i = next.getAndIncrement()) < locations.size(); ) {
                        try {
                            HttpRequest delete = HttpRequest.newBuilder(URI.create(o.url).resolve(locations.get(i)))
                                .timeout(Duration.ofSeconds(60)).header("X-API-Key", o.key).DELETE().build();
                            int status = client.send(delete, HttpResponse.BodyHandlers.discarding()).statusCode();
                            if (status == 204 || status == 404) {
                                deleted.incrementAndGet();
                            }
                        } catch (IOException e) {
                            // counted below as not deleted
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            System.out.printf("cleanup: deleted %,d of %,d uploaded photos (--keep leaves them)%n",
                deleted.get(), locations.size());
        }
    }

    /** Fails with a clear message when nothing answers HTTP at the URL. */
    private boolean reachable() {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();
        try {
            HttpResponse<String> ready = client.send(HttpRequest.newBuilder(URI.create(o.url + "/q/health/ready"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (ready.statusCode() != 200) {
                System.err.println("warning: " + o.url + "/q/health/ready answers " + ready.statusCode()
                    + " (uploads may still work; the outbox holds events while Kafka is away)");
            }
            return true;
        } catch (ConnectException | HttpConnectTimeoutException e) {
            System.err.println("bench ingest: ingest-service is not reachable at " + o.url
                + " (" + e.getClass().getSimpleName() + "). Start the stack with ./lookalike up, or pass --url.");
            return false;
        } catch (IOException e) {
            System.err.println("bench ingest: ingest-service at " + o.url + " does not answer HTTP (" + e
                + "). Start the stack with ./lookalike up, or pass --url.");
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (IllegalArgumentException e) {
            System.err.println("bench ingest: bad --url " + o.url + ": " + e.getMessage());
            return false;
        }
    }

    // ---------------------------------------------------------------- the baseline

    /**
     * The design's floor, without the service: per upload, one transaction with two INSERTs, the bytes with the
     * photo's metadata (sha256 unique, as the service dedupes on it) and an outbox-like row with a JSON payload of
     * the size of the service's PhotoUploaded event. Tables live in a scratch schema "bench", created and dropped here.
     */
    final class Baseline implements Target, AutoCloseable {
        private static final String SCHEMA = "bench";
        private final boolean createdSchema;

        Baseline() throws SQLException {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                var rs = s.executeQuery("SELECT 1 FROM pg_namespace WHERE nspname = '" + SCHEMA + "'");
                createdSchema = !rs.next();
                s.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
                s.execute("DROP TABLE IF EXISTS bench.ingest_outbox, bench.ingest_photo");
                s.execute("""
                    CREATE TABLE bench.ingest_photo (
                        id uuid PRIMARY KEY, sha256 char(64) NOT NULL UNIQUE, content_type text NOT NULL,
                        width int NOT NULL, height int NOT NULL, size_bytes bigint NOT NULL, grp text,
                        uploaded_at timestamptz NOT NULL, bytes bytea NOT NULL)""");
                // as ingest's migration V2 stores photo bytes: out of line, not compressed again
                s.execute("ALTER TABLE bench.ingest_photo ALTER COLUMN bytes SET STORAGE EXTERNAL");
                s.execute("""
                    CREATE TABLE bench.ingest_outbox (
                        id bigserial PRIMARY KEY, topic text NOT NULL, msg_key text NOT NULL, payload text NOT NULL,
                        created_at timestamptz NOT NULL DEFAULT now(), sent_at timestamptz)""");
                s.execute("CREATE INDEX ingest_outbox_unsent ON bench.ingest_outbox (id) WHERE sent_at IS NULL");
            }
        }

        private Connection connect() throws SQLException {
            return DriverManager.getConnection(o.jdbcUrl, o.dbUser, o.dbPassword);
        }

        record Conn(Connection connection, PreparedStatement photo, PreparedStatement outbox, MessageDigest sha256) {
        }

        @Override
        public Object open(int client) throws SQLException, NoSuchAlgorithmException {
            Connection c = connect();
            c.setAutoCommit(false);
            return new Conn(c,
                c.prepareStatement("INSERT INTO bench.ingest_photo (id, sha256, content_type, width, height, size_bytes,"
                    + " grp, uploaded_at, bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                c.prepareStatement("INSERT INTO bench.ingest_outbox (topic, msg_key, payload) VALUES (?, ?, ?)"),
                MessageDigest.getInstance("SHA-256"));
        }

        @Override
        public String store(Object state, long seq) throws SQLException {
            Conn c = (Conn) state;
            byte[] bytes = photo.unique(seq);
            UUID id = UUID.randomUUID();
            String sha = HexFormat.of().formatHex(c.sha256.digest(bytes));
            Instant now = Instant.now();
            try {
                c.photo.setObject(1, id);
                c.photo.setString(2, sha);
                c.photo.setString(3, "image/jpeg");
                c.photo.setInt(4, photo.width);
                c.photo.setInt(5, photo.height);
                c.photo.setLong(6, bytes.length);
                c.photo.setString(7, group());
                c.photo.setTimestamp(8, Timestamp.from(now));
                c.photo.setBytes(9, bytes);
                c.photo.executeUpdate();
                c.outbox.setString(1, "photos.uploaded");
                c.outbox.setString(2, id.toString());
                c.outbox.setString(3, ("{\"schemaVersion\":1,\"photoId\":\"%s\",\"sha256\":\"%s\",\"contentType\":\"image/jpeg\","
                    + "\"width\":%d,\"height\":%d,\"sizeBytes\":%d,\"member\":null,\"group\":\"%s\",\"source\":\"bench\","
                    + "\"uploadedAt\":\"%s\"}").formatted(id, sha, photo.width, photo.height, bytes.length, group(), now));
                c.outbox.executeUpdate();
                c.connection.commit();
                return null;
            } catch (SQLException e) {
                c.connection.rollback();
                return "SQLState " + e.getSQLState();
            }
        }

        @Override
        public void close(Object state) {
            try {
                ((Conn) state).connection.close();
            } catch (SQLException e) {
                // closing a scratch connection
            }
        }

        @Override
        public void close() throws SQLException {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS bench.ingest_outbox, bench.ingest_photo");
                if (createdSchema) {
                    s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " RESTRICT");
                }
            }
        }
    }

    // ---------------------------------------------------------------- the photo

    /** One generated JPEG near the target size; {@link #unique} gives a distinct, still valid, variant per upload. */
    record Photo(byte[] jpeg, int width, int height, float quality) {

        static Photo generate(int targetBytes) throws IOException {
            int width = 800;
            int height = 600;
            for (int attempt = 0; attempt < 6; attempt++) {
                BufferedImage image = draw(width, height);
                // Size falls as quality falls: bisect quality for the size closest to the target.
                float lo = 0.05f;
                float hi = 0.98f;
                byte[] best = null;
                float bestQ = 0;
                for (int i = 0; i < 12; i++) {
                    float q = (lo + hi) / 2;
                    byte[] jpeg = encode(image, q);
                    if (best == null || Math.abs(jpeg.length - targetBytes) < Math.abs(best.length - targetBytes)) {
                        best = jpeg;
                        bestQ = q;
                    }
                    if (jpeg.length > targetBytes) {
                        hi = q;
                    } else {
                        lo = q;
                    }
                }
                if (Math.abs(best.length - targetBytes) <= targetBytes / 20) {
                    return check(new Photo(best, width, height, bestQ));
                }
                double scale = Math.sqrt((double) targetBytes / best.length); // too small at best quality, or too big
                width = (int) Math.max(64, width * scale);
                height = (int) Math.max(48, height * scale);
            }
            throw new IllegalStateException("cannot generate a JPEG near " + targetBytes + " bytes");
        }

        /** A face-sized scene: gradient, shapes and sensor-like noise (fixed seed: the same photo every run). */
        private static BufferedImage draw(int width, int height) {
            Random random = new Random(42);
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setPaint(new java.awt.GradientPaint(0, 0, new Color(70, 110, 160), width, height, new Color(230, 200, 170)));
            g.fillRect(0, 0, width, height);
            for (int i = 0; i < 40; i++) {
                g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256), 160));
                int w = 20 + random.nextInt(width / 3);
                int h = 20 + random.nextInt(height / 3);
                int x = random.nextInt(width) - w / 2;
                int y = random.nextInt(height) - h / 2;
                if (i % 2 == 0) {
                    g.fillOval(x, y, w, h);
                } else {
                    g.fillRect(x, y, w, h);
                }
            }
            g.dispose();
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int rgb = image.getRGB(x, y);
                    int n = (int) (random.nextGaussian() * 12);
                    int r = clamp(((rgb >> 16) & 0xff) + n);
                    int gr = clamp(((rgb >> 8) & 0xff) + n);
                    int b = clamp((rgb & 0xff) + n);
                    image.setRGB(x, y, (r << 16) | (gr << 8) | b);
                }
            }
            return image;
        }

        private static int clamp(int v) {
            return Math.max(0, Math.min(255, v));
        }

        private static byte[] encode(BufferedImage image, float quality) throws IOException {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
                writer.write(null, new IIOImage(image, null, null), param);
            } finally {
                writer.dispose();
            }
            return bytes.toByteArray();
        }

        /** The distinct variants must still decode: read one back fully. */
        private static Photo check(Photo photo) throws IOException {
            BufferedImage back = ImageIO.read(new java.io.ByteArrayInputStream(photo.unique(123_456_789L)));
            if (back == null || back.getWidth() != photo.width || back.getHeight() != photo.height) {
                throw new IllegalStateException("a JPEG with an inserted COM segment does not decode");
            }
            return photo;
        }

        /** This JPEG with a COM segment (FF FE, length, "lookalike-bench <nonce> <seq>") right after SOI. */
        byte[] unique(long seq) {
            byte[] comment = ("lookalike-bench " + NONCE + " " + seq).getBytes(StandardCharsets.US_ASCII);
            int length = comment.length + 2; // the length field counts itself, not the marker
            byte[] out = new byte[jpeg.length + 2 + length];
            out[0] = jpeg[0];
            out[1] = jpeg[1]; // SOI
            out[2] = (byte) 0xFF;
            out[3] = (byte) 0xFE; // COM
            out[4] = (byte) (length >> 8);
            out[5] = (byte) length;
            System.arraycopy(comment, 0, out, 6, comment.length);
            System.arraycopy(jpeg, 2, out, 4 + length, jpeg.length - 2);
            return out;
        }

        /** Differs per run, so a rerun against the same database uploads bytes it has never seen. */
        static final String NONCE = UUID.randomUUID().toString();
    }

    // ---------------------------------------------------------------- options and helpers

    static final class Options {
        static final String USAGE = """
            usage: bench/run.sh ingest [options]
              --url URL          ingest-service base URL (env LOOKALIKE_INGEST_URL; default http://127.0.0.1:8081)
              --key KEY          API key for X-API-Key (env LOOKALIKE_API_KEY; run.sh falls back to .state/api-key)
              --clients N        concurrent clients (env LOOKALIKE_BENCH_CLIENTS; default 8)
              --uploads N        measured uploads (env LOOKALIKE_BENCH_UPLOADS; default 2000)
              --warmup N         warm-up uploads, not counted (env LOOKALIKE_BENCH_WARMUP; default 200)
              --size BYTES       target JPEG size (default 100000)
              --jdbc-url URL     PostgreSQL for the baseline (default jdbc:postgresql://$LOOKALIKE_PG_HOST:$LOOKALIKE_PG_PORT/lookalike)
              --db-user U        (default lookalike)   --db-password P  (env LOOKALIKE_DB_PASSWORD; default lookalike)
              --no-baseline      skip the raw JDBC baseline
              --keep             keep the uploaded photos (default: delete them via the API afterwards)""";

        String url = env("LOOKALIKE_INGEST_URL", "http://127.0.0.1:8081");
        String key = System.getenv("LOOKALIKE_API_KEY");
        int clients = Integer.parseInt(env("LOOKALIKE_BENCH_CLIENTS", "8"));
        int uploads = Integer.parseInt(env("LOOKALIKE_BENCH_UPLOADS", "2000"));
        int warmup = Integer.parseInt(env("LOOKALIKE_BENCH_WARMUP", "200"));
        int targetBytes = 100_000;
        String jdbcUrl = "jdbc:postgresql://" + env("LOOKALIKE_PG_HOST", "127.0.0.1") + ":"
            + env("LOOKALIKE_PG_PORT", "5432") + "/lookalike";
        String dbUser = "lookalike";
        String dbPassword = env("LOOKALIKE_DB_PASSWORD", "lookalike");
        boolean baseline = true;
        boolean keep;
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    value = arg.substring(eq + 1);
                    arg = arg.substring(0, eq);
                }
                switch (arg) {
                    case "--no-baseline" -> o.baseline = false;
                    case "--keep" -> o.keep = true;
                    case "-h", "--help" -> o.help = true;
                    case "--url", "--key", "--clients", "--uploads", "--warmup", "--size", "--jdbc-url", "--db-user",
                         "--db-password" -> {
                        if (value == null) {
                            if (i + 1 >= args.length) {
                                throw new IllegalArgumentException(arg + " needs a value");
                            }
                            value = args[++i];
                        }
                        o.set(arg, value);
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            if (o.clients < 1 || o.uploads < 1 || o.warmup < 0 || o.targetBytes < 2_000) {
                throw new IllegalArgumentException("--clients and --uploads must be >= 1, --warmup >= 0, --size >= 2000");
            }
            o.url = o.url.replaceAll("/+$", "");
            return o;
        }

        private void set(String arg, String value) {
            try {
                switch (arg) {
                    case "--url" -> url = value;
                    case "--key" -> key = value;
                    case "--clients" -> clients = Integer.parseInt(value);
                    case "--uploads" -> uploads = Integer.parseInt(value);
                    case "--warmup" -> warmup = Integer.parseInt(value);
                    case "--size" -> targetBytes = Integer.parseInt(value);
                    case "--jdbc-url" -> jdbcUrl = value;
                    case "--db-user" -> dbUser = value;
                    case "--db-password" -> dbPassword = value;
                    default -> throw new IllegalArgumentException(arg);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(arg + " needs a number, not '" + value + "'");
            }
        }

        private static String env(String name, String fallback) {
            String v = System.getenv(name);
            return v == null || v.isBlank() ? fallback : v;
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    /**
     * Waits (up to 2 minutes) until the machine is quiet: a previous run's clean-up (deletions relayed to Kafka,
     * autovacuum of the photo bytes) otherwise takes a third of the CPUs from the first seconds measured.
     */
    private static double settle() throws InterruptedException {
        double busy = machineBusyOver(1000);
        long deadline = System.nanoTime() + 120_000_000_000L;
        if (busy > 0.15) {
            System.out.printf("  waiting for the machine to settle (%.0f%% busy) …%n", busy * 100);
        }
        while (busy > 0.15 && System.nanoTime() < deadline) {
            busy = machineBusyOver(2000);
        }
        return busy;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    /** Fraction of all CPUs busy over the next {@code millis}, or -1 where /proc/stat is missing. */
    private static double machineBusyOver(long millis) throws InterruptedException {
        long[] a = machineTicks();
        Thread.sleep(millis);
        long[] b = machineTicks();
        return a == null || b == null || b[1] <= a[1] ? -1 : (double) (b[0] - a[0]) / (b[1] - a[1]);
    }

    /** {busy, total} jiffies of all CPUs from /proc/stat, or null where there is none. */
    private static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]); // idle + iowait
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Thread thread(String name, Runnable body) {
        return new Thread(body, name);
    }
}
