package io.lookalike.faults;

import io.lookalike.testing.ServiceProcess;
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
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The whole system on servers of its own: a PostgreSQL and a Kafka broker started by the project's scripts with a
 * private state folder and ports (so the servers other tests share are never stopped), and the three services as
 * processes from their jars, two embed-service instances among them.
 */
final class FaultStack implements AutoCloseable {
    static final int PG_PORT = 25432;
    static final int KAFKA_PORT = 29092;
    static final int KAFKA_CONTROLLER_PORT = 29093;
    static final String BOOTSTRAP = "127.0.0.1:" + KAFKA_PORT;
    static final String JDBC = "jdbc:postgresql://127.0.0.1:" + PG_PORT + "/lookalike";
    static final String KEY = "fault-key";
    static final int ANALYSIS_PORT = 28280;
    static final int INGEST_PORT = 28281;
    static final int EMBED_A_PORT = 28282;
    static final int EMBED_B_PORT = 28283;

    private static final Path SCRIPTS = Path.of("..", "deploy", "local").toAbsolutePath().normalize();
    // short: postgres.sh puts its unix socket under it
    private static final Path STATE = Path.of("target", "fault-state").toAbsolutePath();

    ServiceProcess ingest;
    ServiceProcess embedA;
    ServiceProcess embedB;
    ServiceProcess analysis;

    /** Fresh data on every run (the scripts re-create it), so counts on the dead-letter topic are this run's. */
    static FaultStack start() throws Exception {
        FaultStack stack = new FaultStack();
        script("kafka.sh", "stop");
        script("postgres.sh", "stop");
        deleteTree(STATE.resolve("pg"));
        deleteTree(STATE.resolve("kafka").resolve("data"));
        CompletableFuture<Void> kafka = CompletableFuture.runAsync(() -> unchecked(() -> script("kafka.sh", "start")));
        script("postgres.sh", "start");
        kafka.join();
        // ingest first: embed-service fetches from it; the other three in parallel (start-up is mostly waiting)
        stack.ingest = startIngest();
        CompletableFuture<ServiceProcess> a = CompletableFuture.supplyAsync(() -> unchecked(() -> startEmbed(EMBED_A_PORT)));
        CompletableFuture<ServiceProcess> b = CompletableFuture.supplyAsync(() -> unchecked(() -> startEmbed(EMBED_B_PORT)));
        CompletableFuture<ServiceProcess> c = CompletableFuture.supplyAsync(() -> unchecked(FaultStack::startAnalysis));
        stack.embedA = a.join();
        stack.embedB = b.join();
        stack.analysis = c.join();
        return stack;
    }

    static ServiceProcess startIngest() throws Exception {
        return ServiceProcess.start("ingest-service", INGEST_PORT, env());
    }

    static ServiceProcess startEmbed(int port) throws Exception {
        Map<String, String> env = env();
        env.put("LOOKALIKE_EMBED_WORKERS", "1"); // two instances on a two-core machine
        // a killed instance's partitions move after this long, instead of the 10 s default
        env.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
        env.put("KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
        return ServiceProcess.start("embed-service", port, env);
    }

    static ServiceProcess startAnalysis() throws Exception {
        return ServiceProcess.start("analysis-service", ANALYSIS_PORT, env());
    }

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>(Map.of(
            "LOOKALIKE_PG_PORT", String.valueOf(PG_PORT),
            "LOOKALIKE_KAFKA", BOOTSTRAP,
            "LOOKALIKE_API_KEYS", KEY,
            "LOOKALIKE_INGEST_URL", "http://127.0.0.1:" + INGEST_PORT,
            "LOOKALIKE_EMBED_URL", "http://127.0.0.1:" + EMBED_A_PORT));
        return env;
    }

    List<ServiceProcess> services() {
        return Stream.of(ingest, embedA, embedB, analysis).filter(s -> s != null).toList();
    }

    /** Runs deploy/local/SCRIPT ARGS against this stack's servers; returns its output, or fails with it. */
    static String script(String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPTS.resolve(script).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(Map.of(
            "LOOKALIKE_STATE", STATE.toString(),
            "LOOKALIKE_PG_PORT", String.valueOf(PG_PORT),
            "LOOKALIKE_PG_SHARED_BUFFERS", "64MB",
            "LOOKALIKE_KAFKA_PORT", String.valueOf(KAFKA_PORT),
            "LOOKALIKE_KAFKA_CONTROLLER_PORT", String.valueOf(KAFKA_CONTROLLER_PORT),
            "LOOKALIKE_KAFKA", BOOTSTRAP));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("deploy/local/" + script + " " + String.join(" ", args) + " failed:\n" + output);
        }
        System.out.print(output);
        return output;
    }

    /** The HTTP status of a service's readiness check (0 when it does not answer). */
    static int readiness(ServiceProcess service) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.url() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Sends a signal (STOP, CONT) to a service process. */
    static void signal(ServiceProcess service, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(service.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + service.pid() + " failed");
        }
    }

    static Connection db() throws SQLException {
        return DriverManager.getConnection(JDBC, "lookalike", "lookalike");
    }

    @Override
    public void close() throws Exception {
        for (ServiceProcess service : services()) {
            service.close();
        }
        script("kafka.sh", "stop");
        script("postgres.sh", "stop");
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    interface Action<T> {
        T run() throws Exception;
    }

    static <T> T unchecked(Action<T> action) {
        try {
            return action.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
