package io.lookalike.embed;

import io.lookalike.testing.ServiceProcess;

import java.util.Map;

/**
 * The real ingest-service for embed tests (the worker fetches photo bytes from it), started once per test JVM on
 * port 18181 with its own consumer group, and stopped when the JVM ends.
 */
public final class TestIngest {
    public static final int PORT = 18181;
    public static final String KEY = "test-key";
    private static ServiceProcess ingest;

    public static synchronized String url() {
        if (ingest == null) {
            try {
                ingest = ServiceProcess.start("ingest-service", PORT, Map.of(
                    "LOOKALIKE_API_KEYS", KEY,
                    "MP_MESSAGING_INCOMING_FACES_EMBEDDED_GROUP_ID", "ingest-service-test",
                    "MP_MESSAGING_INCOMING_PHOTOS_REJECTED_GROUP_ID", "ingest-service-test"));
            } catch (Exception e) {
                throw new IllegalStateException("Cannot start ingest-service for the test", e);
            }
            ServiceProcess started = ingest;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        return ingest.url();
    }

    private TestIngest() {
    }
}
