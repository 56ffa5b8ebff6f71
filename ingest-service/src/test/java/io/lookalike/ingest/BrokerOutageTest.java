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

/** Uploads accepted while the real broker is stopped reach the topic once it is back (the outbox at work). */
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
            kafka("stop");
            try {
                for (int i = 0; i < 20; i++) {
                    ids.add(PhotoResourceTest.upload(TestImages.jpeg(160, 120), "outage" + i + ".jpg", "m" + i)
                        .then().statusCode(201).extract().path("id"));
                }
            } finally {
                kafka("start");
            }
            var published = topic.awaitCount(ids.size(), Duration.ofSeconds(120), r -> ids.contains(r.key()));
            assertEquals(ids.size(), published.size(), "every upload accepted during the outage is on the topic once");
            assertEquals(ids, new HashSet<>(published.stream().map(r -> r.key()).toList()));
        }
    }
}
