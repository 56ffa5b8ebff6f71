package io.lookalike.bench;

import io.lookalike.contracts.Topics;
import io.lookalike.testing.FreshJpeg;
import io.lookalike.testing.PrometheusText;
import io.lookalike.testing.ServiceProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * {@code ./lookalike bench soak}: continuous uploads at a steady rate for minutes, through ingest-service, two
 * embed-service instances and analysis-service, each a process of its own started here from the built jars (on
 * ports of their own and consumer groups of this run, so a stack started by {@code ./lookalike up} must be down:
 * its embed-service would take a share of the records). Prints heap and RSS of every service at the start and the
 * end, the consumer lag as the uploads stop and once drained, and what became of every accepted upload: embedded,
 * rejected, lost (never finished) and duplicated (face rows stored more than once). Figures, not a test.
 */
public final class SoakBench {
    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        if (o == null) {
            return;
        }
        System.exit(new SoakBench(o).run());
    }

    private final Options o;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Queue<UUID> accepted = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicLong> refused = new TreeMap<>();
    private final AtomicLong next = new AtomicLong();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();

    SoakBench(Options o) {
        this.o = o;
    }

    int run() throws Exception {
        List<byte[]> photos = photos();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", o.kafka))) {
            if (!members(admin, "embed-service").isEmpty()) {
                System.err.println("bench soak: an embed-service of the stack is running (consumer group embed-service); "
                    + "it would embed the soak's uploads too. Stop it first (./lookalike down; the bench starts its own).");
                return 2;
            }
            System.out.printf("lookalike bench soak (run %s): %d min at %d uploads/s, %d portraits re-encoded as new bytes, "
                + "PostgreSQL :%s, Kafka %s%n", run, o.minutes, o.rate, photos.size(), o.pgPort, o.kafka);
            start();
            awaitAssigned(admin, group("embed"), Topics.PHOTOS_UPLOADED);
            awaitAssigned(admin, group("ingest"), Topics.FACES_EMBEDDED);
            Map<String, long[]> memoryAtStart = memory();
            long dlqAtStart = endOffsets(admin, Topics.PHOTOS_UPLOADED_DLQ).values().stream().mapToLong(Long::longValue).sum();

            upload(photos, admin);
            long lagAtEnd = lag(admin);
            long t0 = System.nanoTime();
            long deadline = t0 + TimeUnit.MINUTES.toNanos(5);
            Counts counts = counts();
            while ((lag(admin) > 0 || counts.queued > 0) && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                counts = counts();
            }
            double drain = (System.nanoTime() - t0) / 1e9;
            long lagDrained = lag(admin);
            Map<String, long[]> memoryAtEnd = memory();
            long dlq = endOffsets(admin, Topics.PHOTOS_UPLOADED_DLQ).values().stream().mapToLong(Long::longValue).sum() - dlqAtStart;

            System.out.println();
            System.out.println("memory        heap used (MB) start -> end      RSS (MB) start -> end");
            memoryAtStart.forEach((name, start) -> {
                long[] end = memoryAtEnd.get(name);
                System.out.printf("  %-16s %7.0f -> %-7.0f              %7.0f -> %.0f%n", name,
                    start[0] / 1e6, end[0] / 1e6, start[1] / 1e6, end[1] / 1e6);
            });
            System.out.printf("consumer lag  %d when the uploads stopped, %d after %.1f s (embed group on %s)%n",
                lagAtEnd, lagDrained, drain, Topics.PHOTOS_UPLOADED);
            System.out.printf("uploads       %d accepted, %d refused %s%n", accepted.size(),
                refused.values().stream().mapToLong(AtomicLong::get).sum(), refused);
            System.out.printf("outcome       %d embedded, %d rejected, lost %d (still queued), duplicated %d, dead letters %d%n",
                counts.embedded, counts.rejected, counts.queued, counts.duplicated, dlq);
            if (!o.keep) {
                delete();
            }
            return counts.queued == 0 && counts.duplicated == 0 ? 0 : 1;
        } finally {
            for (ServiceProcess s : services.values()) {
                s.close();
            }
        }
    }

    // ---- the services ---------------------------------------------------------------------------------------------

    private void start() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
            "LOOKALIKE_PG_PORT", o.pgPort, "LOOKALIKE_KAFKA", o.kafka, "LOOKALIKE_API_KEYS", o.key,
            "LOOKALIKE_INGEST_URL", "http://127.0.0.1:" + (o.portBase + 1),
            "LOOKALIKE_EMBED_URL", "http://127.0.0.1:" + (o.portBase + 2)));
        services.put("ingest-service", ServiceProcess.start("ingest-service", o.portBase + 1, with(env,
            "MP_MESSAGING_INCOMING_FACES_EMBEDDED_GROUP_ID", group("ingest"),
            "MP_MESSAGING_INCOMING_PHOTOS_REJECTED_GROUP_ID", group("ingest"))));
        for (int i = 1; i <= 2; i++) {
            services.put("embed-service#" + i, ServiceProcess.start("embed-service", o.portBase + 1 + i, with(env,
                "MP_MESSAGING_INCOMING_PHOTOS_UPLOADED_GROUP_ID", group("embed"),
                "MP_MESSAGING_INCOMING_PHOTOS_UPLOADED_AUTO_OFFSET_RESET", "latest",
                "MP_MESSAGING_INCOMING_PHOTOS_RELABELLED_GROUP_ID", group("embed"),
                "MP_MESSAGING_INCOMING_PHOTOS_DELETED_GROUP_ID", group("embed"))));
        }
        services.put("analysis-service", ServiceProcess.start("analysis-service", o.portBase, with(env,
            "MP_MESSAGING_INCOMING_FACES_EMBEDDED_GROUP_ID", group("analysis"),
            "MP_MESSAGING_INCOMING_PHOTOS_RELABELLED_GROUP_ID", group("analysis"),
            "MP_MESSAGING_INCOMING_PHOTOS_DELETED_GROUP_ID", group("analysis"))));
    }

    private String group(String service) {
        return service + "-soak-" + run;
    }

    private static Map<String, String> with(Map<String, String> env, String... pairs) {
        Map<String, String> all = new HashMap<>(env);
        for (int i = 0; i < pairs.length; i += 2) {
            all.put(pairs[i], pairs[i + 1]);
        }
        return all;
    }

    /** New groups read from the end: uploads start once the group owns every partition of the topic. */
    private static void awaitAssigned(Admin admin, String group, String topic) throws Exception {
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        for (int i = 0; i < 120; i++) {
            long owned = members(admin, group).stream()
                .flatMap(m -> m.assignment().topicPartitions().stream()).filter(tp -> tp.topic().equals(topic)).count();
            if (owned == partitions) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("consumer group " + group + " did not get the partitions of " + topic + " in 60 s");
    }

    /** The group's members; none while the group does not exist yet. */
    private static Collection<MemberDescription> members(Admin admin, String group) throws Exception {
        try {
            return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return List.of();
            }
            throw e;
        }
    }

    /** Service → {heap used, RSS} in bytes. */
    private Map<String, long[]> memory() throws Exception {
        Map<String, long[]> memory = new LinkedHashMap<>();
        for (var e : services.entrySet()) {
            String metrics = get(e.getValue().url() + "/q/metrics");
            long heap = (long) PrometheusText.sum(metrics, "jvm_memory_used_bytes", Map.of("area", "heap"));
            memory.put(e.getKey(), new long[] {heap, rss(e.getValue().pid())});
        }
        return memory;
    }

    private static long rss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    // ---- the load ------------------------------------------------------------------------------------------------

    /** {@code rate} uploads a second for {@code minutes}, one line of progress a minute (or every 30 s when shorter). */
    private void upload(List<byte[]> photos, Admin admin) throws Exception {
        ThreadPoolExecutor clients = (ThreadPoolExecutor) Executors.newFixedThreadPool(8);
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        AtomicLong behind = new AtomicLong();
        long periodMicros = 1_000_000L / o.rate;
        long total = (long) o.minutes * 60 * o.rate;
        AtomicLong issued = new AtomicLong();
        clock.scheduleAtFixedRate(() -> {
            if (issued.getAndIncrement() >= total) {
                return;
            }
            if (clients.getQueue().size() > 8L * o.rate) {
                behind.incrementAndGet(); // the service cannot keep the pace: count, do not pile up
                return;
            }
            clients.submit(() -> uploadOne(photos));
        }, 0, periodMicros, TimeUnit.MICROSECONDS);
        long start = System.nanoTime();
        long report = o.minutes >= 3 ? 60 : 30;
        System.out.println("  progress (heap and RSS in MB of " + String.join(", ", services.keySet()) + ")");
        for (long s = report; issued.get() < total; s += report) {
            long wake = start + TimeUnit.SECONDS.toNanos(s);
            while (System.nanoTime() < wake && issued.get() < total) {
                Thread.sleep(200);
            }
            Counts c = counts();
            Map<String, long[]> memory = memory();
            System.out.printf("  %4d s  accepted %6d  embedded %6d  queued %5d  lag %5d  heap MB %s  RSS MB %s%n",
                (System.nanoTime() - start) / 1_000_000_000L, accepted.size(), c.embedded, c.queued, lag(admin),
                megabytes(memory, 0), megabytes(memory, 1));
        }
        clock.shutdown();
        clients.shutdown();
        clients.awaitTermination(2, TimeUnit.MINUTES);
        if (behind.get() > 0) {
            System.out.printf("  %d uploads skipped: ingest-service did not keep %d/s%n", behind.get(), o.rate);
        }
    }

    /** One figure per service, in MB: {@code which} 0 is heap used, 1 is RSS. */
    private static String megabytes(Map<String, long[]> memory, int which) {
        StringBuilder s = new StringBuilder();
        for (long[] figures : memory.values()) {
            s.append(s.length() == 0 ? "" : " ").append(Math.round(figures[which] / 1e6));
        }
        return s.toString();
    }

    private void uploadOne(List<byte[]> photos) {
        byte[] jpeg = FreshJpeg.of(photos.get((int) (next.getAndIncrement() % photos.size())));
        String boundary = "soak" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"soak.jpg\"\r\n"
            + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(jpeg);
        body.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"group\"\r\n\r\nsoak-" + run
            + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url("ingest-service") + "/api/photos"))
                .timeout(Duration.ofSeconds(30)).header("X-API-Key", o.key)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = ID.matcher(response.body());
            if (response.statusCode() / 100 == 2 && m.find()) {
                accepted.add(UUID.fromString(m.group(1)));
            } else {
                refused(String.valueOf(response.statusCode()));
            }
        } catch (IOException e) {
            refused(e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void refused(String why) {
        synchronized (refused) {
            refused.computeIfAbsent(why, k -> new AtomicLong()).incrementAndGet();
        }
    }

    private void delete() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (UUID id : accepted) {
            clients.submit(() -> http.send(HttpRequest.newBuilder(URI.create(url("ingest-service") + "/api/photos/" + id))
                .header("X-API-Key", o.key).DELETE().build(), HttpResponse.BodyHandlers.discarding()));
        }
        clients.shutdown();
        clients.awaitTermination(10, TimeUnit.MINUTES);
        System.out.printf("deleted the %d uploaded photos (--keep keeps them)%n", accepted.size());
    }

    // ---- what became of the uploads -----------------------------------------------------------------------------

    record Counts(long embedded, long rejected, long queued, long duplicated) {
    }

    /** From ingest's photo status and embed's face rows, for this run's accepted uploads. */
    private Counts counts() throws Exception {
        List<UUID> ids = List.copyOf(accepted);
        try (Connection db = DriverManager.getConnection(o.jdbc(), "lookalike", o.dbPassword);
             PreparedStatement query = db.prepareStatement("""
                 select count(*) filter (where p.status = 'EMBEDDED'), count(*) filter (where p.status = 'REJECTED'),
                        count(*) filter (where p.status = 'QUEUED'),
                        count(*) filter (where f.rows > f.faces or f.rows > coalesce(p.face_count, 0))
                   from ingest.photo p
                   left join (select photo_id, count(*) rows, count(distinct face_index) faces from embed.face
                               where photo_id = any(?) group by photo_id) f on f.photo_id = p.id
                  where p.id = any(?)""")) {
            var array = db.createArrayOf("uuid", ids.toArray());
            query.setArray(1, array);
            query.setArray(2, array);
            try (ResultSet r = query.executeQuery()) {
                r.next();
                return new Counts(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4));
            }
        }
    }

    /** Records on photos.uploaded the soak's embed group has not committed yet. */
    private long lag(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(group("embed")).partitionsToOffsetAndMetadata().get();
        long lag = 0;
        for (var e : endOffsets(admin, Topics.PHOTOS_UPLOADED).entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            lag += c == null ? 0 : Math.max(0, e.getValue() - c.offset());
        }
        return lag;
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> end = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : admin.listOffsets(latest).all().get().entrySet()) {
            end.put(e.getKey(), e.getValue().offset());
        }
        return end;
    }

    private String url(String service) {
        return services.get(service).url();
    }

    private String get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The labelled portraits of shared/data/faces beside the checkout (one face each). */
    private List<byte[]> photos() throws IOException {
        for (Path dir = o.root; dir != null; dir = dir.getParent()) {
            Path manifest = dir.resolve("shared/data/faces/manifest.csv");
            if (Files.isRegularFile(manifest)) {
                List<byte[]> photos = new ArrayList<>();
                try (Stream<String> lines = Files.lines(manifest)) {
                    for (String line : lines.skip(1).filter(l -> !l.isBlank()).toList()) {
                        photos.add(Files.readAllBytes(manifest.getParent().resolve(line.split(",")[0])));
                    }
                }
                return photos;
            }
        }
        throw new IllegalStateException("no shared/data/faces/manifest.csv beside " + o.root + ": the soak uploads those portraits");
    }

    static final class Options {
        static final String USAGE = """
            usage: bench/run.sh soak [--minutes 10] [--rate 20] [--port-base 18580] [--keep]
              --minutes N     how long to upload (default 10)
              --rate N        uploads per second (default 20; a 2-core machine embeds ~40 portraits/s with everything else running)
              --port-base P   analysis on P, ingest on P+1, the two embed-service instances on P+2 and P+3 (default 18580)
              --keep          keep the uploaded photos (default: delete them via the API at the end)
            Needs PostgreSQL and Kafka (LOOKALIKE_PG_PORT, LOOKALIKE_KAFKA) and the built services; not a stack of ./lookalike up.""";

        int minutes = 10;
        int rate = 20;
        int portBase = 18580;
        boolean keep;
        String pgPort = env("LOOKALIKE_PG_PORT", "5432");
        String kafka = env("LOOKALIKE_KAFKA", "127.0.0.1:9092");
        String dbPassword = env("LOOKALIKE_DB_PASSWORD", "lookalike");
        String key = "soak-" + UUID.randomUUID();
        Path root = Path.of(System.getProperty("lookalike.root", "..")).toAbsolutePath().normalize();

        String jdbc() {
            return "jdbc:postgresql://" + env("LOOKALIKE_PG_HOST", "127.0.0.1") + ":" + pgPort + "/lookalike";
        }

        /** The options, or null when only the usage was asked for. */
        static Options parse(String[] args) {
            Options o = new Options();
            try {
                for (int i = 0; i < args.length; i++) {
                    switch (args[i]) {
                        case "--minutes" -> o.minutes = Integer.parseInt(args[++i]);
                        case "--rate" -> o.rate = Integer.parseInt(args[++i]);
                        case "--port-base" -> o.portBase = Integer.parseInt(args[++i]);
                        case "--keep" -> o.keep = true;
                        case "-h", "--help" -> {
                            System.out.println(USAGE);
                            return null;
                        }
                        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                    }
                }
                if (o.minutes < 1 || o.rate < 1) {
                    throw new IllegalArgumentException("--minutes and --rate must be >= 1");
                }
            } catch (RuntimeException e) {
                System.err.println("bench soak: " + e.getMessage());
                System.err.println(USAGE);
                System.exit(2);
            }
            return o;
        }

        private static String env(String name, String fallback) {
            String v = System.getenv(name);
            return v == null || v.isBlank() ? fallback : v;
        }
    }
}
