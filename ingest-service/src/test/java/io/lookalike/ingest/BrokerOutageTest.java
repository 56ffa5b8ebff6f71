package io.lookalike.ingest;

import io.lookalike.testing.TopicReader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lookalike.contracts.Topics;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Uploads accepted before, while and just after the real broker is stopped all reach the topic once it is back,
 * each once (the outbox at work).
 */
@QuarkusTest
class BrokerOutageTest {
    static final Path KAFKA_SCRIPT = Path.of("..", "deploy", "local", "kafka.sh");

    static void kafka(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", KAFKA_SCRIPT.toString(), command).inheritIO().start();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("deploy/local/kafka.sh " + command + " failed");
        }
    }

    @Test
    void uploadsDuringAnOutageAreAllPublishedAfterIt() throws Exception {
        Set<String> ids = new HashSet<>();
        try (TopicReader topic = new TopicReader(Topics.PHOTOS_UPLOADED)) {
            // uploads go on before, during and right after the outage (the last while the broker is starting)
            upload(ids, 0, 10);
            kafka("stop");
            try {
                upload(ids, 10, 30);
            } finally {
                kafka("start");
            }
            upload(ids, 30, 40);
            var published = topic.awaitCount(ids.size(), Duration.ofSeconds(120), r -> ids.contains(r.key()));
            assertEquals(ids.size(), published.size(), "every upload accepted during the outage is on the topic once");
            assertEquals(ids, new HashSet<>(published.stream().map(r -> r.key()).toList()));
        }
    }

    private static void upload(Set<String> ids, int from, int to) {
        for (int i = from; i < to; i++) {
            ids.add(PhotoResourceTest.upload(TestImages.jpeg(160, 120), "outage" + i + ".jpg", "m" + i)
                .then().statusCode(201).extract().path("id"));
        }
    }
}
