package io.lookalike.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookalike.contracts.Topics;
import io.lookalike.faults.Uploads.Answer;
import io.lookalike.faults.Uploads.Outcome;
import io.lookalike.testing.ServiceProcess;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real faults on the running system: an embed worker killed with {@code kill -9}, the Kafka broker stopped for 30 s,
 * PostgreSQL stopped for 10 s, a poison record, and ingest-service away for longer than embed-service retries, with
 * {@code ./lookalike dlq replay} afterwards. After each, every upload that was accepted (2xx) ends {@code embedded},
 * with its one face stored once. One stack (servers of its own, see {@link FaultStack}) serves the scenarios in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultIT {
    static final Duration PIPELINE = Duration.ofSeconds(180);

    FaultStack stack;
    Uploads uploads;

    @BeforeAll
    void start() throws Exception {
        uploads = new Uploads("http://127.0.0.1:" + FaultStack.INGEST_PORT); // skips here when the portraits are absent
        stack = FaultStack.start();
    }

    @AfterAll
    void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void anEmbedWorkerKilledMidwayLosesAndDuplicatesNothing() throws Exception {
        int before = uploads.accepted.size();
        AtomicBoolean stop = new AtomicBoolean();
        Thread uploading = new Thread(() -> {
            for (int i = 0; i < 300 && !stop.get(); i++) {
                uploads.upload();
            }
        });
        uploading.start();
        List<UUID> ids = new ArrayList<>();
        await().until(() -> {
            ids.clear();
            ids.addAll(uploads.accepted.stream().skip(before).toList());
            return Uploads.embedded(ids) >= 80;
        });
        stack.embedA.killHard();
        long embeddedAtKill = Uploads.embedded(ids);
        stack.embedA = FaultStack.startEmbed(FaultStack.EMBED_A_PORT); // the same worker, back
        uploading.join();
        List<UUID> all = uploads.accepted.stream().skip(before).toList();
        assertEquals(300, all.size(), "every upload accepted: " + uploads.refused);
        assertTrue(embeddedAtKill < all.size(), "the worker died with photos still to embed (" + embeddedAtKill + " done)");
        assertAllEmbeddedOnce(all);
    }

    @Test
    @Order(2)
    void uploadsDuringA30SecondBrokerOutageAreAllEmbeddedAfterIt() throws Exception {
        int before = uploads.accepted.size();
        AtomicBoolean stop = new AtomicBoolean();
        Thread uploading = uploads.continuously(Duration.ofMillis(200), stop);
        try {
            Thread.sleep(2000);
            FaultStack.script("kafka.sh", "stop");
            Thread.sleep(30_000); // the outage
            FaultStack.script("kafka.sh", "start");
            Thread.sleep(2000);
        } finally {
            stop.set(true);
            uploading.join();
        }
        List<UUID> accepted = uploads.accepted.stream().skip(before).toList();
        assertTrue(uploads.refused.isEmpty(), "ingest accepts uploads without the broker: " + uploads.refused);
        assertTrue(accepted.size() > 100, accepted.size() + " uploads around the outage");
        assertAllEmbeddedOnce(accepted);
    }

    @Test
    @Order(3)
    void duringA10SecondDatabaseOutageServicesAreNotReadyAndRefuseWith503ThenRecoverAlone() throws Exception {
        int before = uploads.accepted.size();
        AtomicBoolean stop = new AtomicBoolean();
        Thread uploading = uploads.continuously(Duration.ofMillis(200), stop);
        try {
            Thread.sleep(2000);
            long stopped = System.nanoTime();
            FaultStack.script("postgres.sh", "stop");
            for (ServiceProcess service : stack.services()) {
                await().until(() -> FaultStack.readiness(service) == 503);
            }
            Thread.sleep(Math.max(0, 10_000 - (System.nanoTime() - stopped) / 1_000_000)); // the rest of the outage
            FaultStack.script("postgres.sh", "start");
            for (ServiceProcess service : stack.services()) { // the same processes, not restarted
                await().until(() -> FaultStack.readiness(service) == 200);
            }
            Thread.sleep(2000);
        } finally {
            stop.set(true);
            uploading.join();
        }
        List<Answer> refused = List.copyOf(uploads.refused);
        assertTrue(!refused.isEmpty(), "some uploads came during the outage");
        for (Answer answer : refused) {
            assertEquals(503, answer.status(), "an upload during the outage: " + answer);
            assertTrue(answer.contentType().startsWith("application/problem+json"), "problem JSON: " + answer);
        }
        uploads.refused.clear();
        assertAllEmbeddedOnce(uploads.accepted.stream().skip(before).toList());
    }

    @Test
    @Order(4)
    void aPoisonRecordGoesToTheDeadLetterTopicAndThePartitionMovesOn() throws Exception {
        assertEquals(0, deadLetters().size(), "kills and outages so far left no dead letter");
        // garbage ahead of whatever comes next on every partition, so the upload below is behind one
        try (KafkaProducer<String, String> producer = producer()) {
            for (int p = 0; p < Topics.MIN_PARTITIONS; p++) {
                producer.send(new ProducerRecord<>(Topics.PHOTOS_UPLOADED, p, "poison-" + p, "{not json at all")).get();
            }
        }
        Answer upload = uploads.upload();
        assertEquals(201, upload.status(), upload.toString());
        assertAllEmbeddedOnce(List.of(upload.id()));

        List<ConsumerRecord<String, String>> letters = awaitDeadLetters(Topics.MIN_PARTITIONS);
        for (ConsumerRecord<String, String> letter : letters) {
            assertTrue(letter.key().startsWith("poison-"), letter.key());
            assertEquals("{not json at all", letter.value());
            assertEquals(Topics.PHOTOS_UPLOADED, header(letter, "dead-letter-topic"));
            assertTrue(header(letter, "dead-letter-reason").contains("Unexpected character"), header(letter, "dead-letter-reason"));
        }
        String list = FaultStack.script("dlq.sh", "list");
        assertTrue(list.contains(Topics.PHOTOS_UPLOADED_DLQ + ": " + Topics.MIN_PARTITIONS + " to replay"), list);
    }

    /**
     * ingest-service is away for longer than embed-service retries a record (30 s): the photo's record is dead-lettered
     * and the photo stays queued. Once ingest-service is back, {@code dlq replay} sends the letters back to their topic:
     * the photo is embedded once; the poison records fail again and are dead-lettered anew; nothing is replayed twice.
     *
     * <p>The workers are held (SIGSTOP) only while the upload is relayed and ingest-service is killed, a second or two,
     * so that their Kafka sessions (10 s) do not expire. Should they expire anyway on a crowded machine, the rebalance
     * may hand the record to both workers, and the photo is dead-lettered twice: at-least-once, as Kafka promises.
     * The test allows that and still checks that every letter is replayed once and the photo embedded once.
     */
    @Test
    @Order(5)
    void aRecordDeadLetteredWhileIngestWasAwayIsEmbeddedAfterReplay() throws Exception {
        int poison = Topics.MIN_PARTITIONS;
        // test 4's records committed first, or a rebalance would hand them out again and dead-letter them anew
        await().until(FaultIT::workersCommittedEverything);
        int before = deadLetters().size(); // test 4's poison, once per partition or more if a rebalance repeated one
        FaultStack.signal(stack.embedA, "STOP");
        FaultStack.signal(stack.embedB, "STOP");
        UUID photo;
        try {
            Answer upload = uploads.upload();
            assertEquals(201, upload.status(), upload.toString());
            photo = upload.id();
            await().until(() -> relayed(photo)); // on the topic: a restarted ingest will not send it again
            stack.ingest.killHard(); // away at once; a graceful stop would keep the workers held for longer
        } finally {
            FaultStack.signal(stack.embedA, "CONT");
            FaultStack.signal(stack.embedB, "CONT");
        }
        List<ConsumerRecord<String, String>> letters = awaitDeadLetters(before + 1);
        List<String> after = keys(letters.subList(before, letters.size()));
        assertEquals(Set.of(photo.toString()), Set.copyOf(after), "after test 4's poison, only the photo: " + keys(letters));
        stack.ingest = FaultStack.startIngest();
        assertEquals("QUEUED", Uploads.outcomes(List.of(photo)).get(photo).status());

        String replay = FaultStack.script("dlq.sh", "replay");
        int replayed = number(replay, Topics.PHOTOS_UPLOADED_DLQ + ": replayed (\\d+) to " + Topics.PHOTOS_UPLOADED);
        assertTrue(replayed >= before + 1, "every waiting letter replayed, the photo's too:\n" + replay + "\nletters: " + keys(letters));
        assertAllEmbeddedOnce(List.of(photo));
        // the garbage is garbage still: dead-lettered again, as new letters, and only those wait for a replay
        long poisonReplayed = keys(awaitDeadLetters(replayed).subList(0, replayed)).stream().filter(k -> k.startsWith("poison-")).count();
        List<ConsumerRecord<String, String>> all = awaitDeadLetters(replayed + (int) poisonReplayed);
        List<String> again = keys(all.subList(replayed, all.size()));
        assertTrue(again.stream().allMatch(k -> k.startsWith("poison-")), "only the poison came back: " + keys(all));
        String list = FaultStack.script("dlq.sh", "list");
        int waiting = number(list, Topics.PHOTOS_UPLOADED_DLQ + ": (\\d+) to replay");
        assertTrue(waiting >= poison, list);
        assertEquals(deadLetters().size() - replayed, waiting, "the replayed letters wait no more:\n" + list);
    }

    // ---- checks -----------------------------------------------------------------------------------------------

    /** Each photo ends embedded with the one face of its portrait, stored once. */
    private static void assertAllEmbeddedOnce(List<UUID> ids) throws Exception {
        await().until(() -> Uploads.embedded(ids) == ids.size());
        Map<UUID, Outcome> outcomes = Uploads.outcomes(ids);
        assertEquals(Set.copyOf(ids), outcomes.keySet());
        outcomes.forEach((id, outcome) -> assertEquals(new Outcome("EMBEDDED", 1, 1, 1), outcome, "photo " + id));
    }

    private static boolean relayed(UUID photo) throws Exception {
        try (Connection db = FaultStack.db();
             PreparedStatement query = db.prepareStatement("select count(*) from ingest.outbox where msg_key = ? and sent_at is not null")) {
            query.setString(1, photo.toString());
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() && rows.getLong(1) > 0;
            }
        }
    }

    private static int number(String output, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(output);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    // ---- the dead-letter topic ----------------------------------------------------------------------------------

    private static List<ConsumerRecord<String, String>> awaitDeadLetters(int count) {
        List<ConsumerRecord<String, String>> letters = new ArrayList<>();
        await().until(() -> {
            letters.clear();
            letters.addAll(deadLetters());
            return letters.size() >= count;
        });
        return letters;
    }

    /** Every record on photos.uploaded.dlq (this run's: the stack starts with empty servers), oldest first. */
    private static List<ConsumerRecord<String, String>> deadLetters() {
        Properties props = new Properties();
        props.put("bootstrap.servers", FaultStack.BOOTSTRAP);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.PHOTOS_UPLOADED_DLQ, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            records.sort((a, b) -> Long.compare(a.timestamp(), b.timestamp()));
            return records;
        }
    }

    /** embed-service's group has committed up to the end of every partition of photos.uploaded. */
    private static boolean workersCommittedEverything() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", FaultStack.BOOTSTRAP))) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets("embed-service").partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(Topics.PHOTOS_UPLOADED)).allTopicNames().get().get(Topics.PHOTOS_UPLOADED)
                .partitions().forEach(p -> latest.put(new TopicPartition(Topics.PHOTOS_UPLOADED, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
            return ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                || committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue().offset());
        }
    }

    private static List<String> keys(List<ConsumerRecord<String, String>> letters) {
        return letters.stream().map(ConsumerRecord::key).toList();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put("bootstrap.servers", FaultStack.BOOTSTRAP);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static ConditionFactory await() {
        return Awaitility.await().atMost(PIPELINE).pollInterval(Duration.ofMillis(500));
    }
}
