import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code ./lookalike dlq list|replay [--topic T]}: the dead letters of the {@code *.dlq} topics, and sending them back
 * to the topic they failed on once the cause is fixed (run by deploy/local/dlq.sh on the broker's class path).
 *
 * <p>SmallRye's dead-letter queue writes each failed record with its key and value unchanged and headers saying where
 * it came from ({@code dead-letter-topic}) and why ({@code dead-letter-reason}). A replay re-publishes each letter to
 * that topic under its own key (so to the same partition), without the dead-letter headers, then commits the letters
 * as done for the consumer group {@value #GROUP}: the next replay starts after them, so no letter is replayed twice.
 * The commit follows the broker's acknowledgement of every re-published record; a replay cut short between the two is
 * redone, which the consumers' idempotence makes harmless. A letter that fails again comes back as a new letter.
 */
public final class DeadLetters {
    static final String GROUP = "lookalike-dlq-replay";
    static final String ORIGIN = "dead-letter-topic";
    static final String REASON = "dead-letter-reason";
    static final String DEAD_LETTER_HEADERS = "dead-letter-";
    static final String REPLAYED_FROM = "lookalike-replayed-from";

    public static void main(String[] args) throws Exception {
        String bootstrap = null;
        String command = null;
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap" -> bootstrap = args[++i];
                case "--topic" -> only = args[++i];
                case "list", "replay" -> command = args[i];
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (bootstrap == null || command == null) {
            usage("a command is needed");
        }
        List<String> topics;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            topics = admin.listTopics().names().get().stream().filter(t -> t.endsWith(".dlq")).sorted().toList();
        }
        if (only != null) {
            if (!topics.contains(only)) {
                usage(only + " is not a dead-letter topic here; there are: " + topics);
            }
            topics = List.of(only);
        }
        int total = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap);
             KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            for (String topic : topics) {
                total += command.equals("list") ? list(consumer, topic) : replay(consumer, producer, topic);
            }
        }
        System.out.println(command.equals("list") ? total + " dead letters to replay" : "replayed " + total + " dead letters");
    }

    /** Prints how many letters wait on the topic, by origin and reason; returns that count. */
    static int list(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        Waiting waiting = waiting(consumer, topic);
        Map<String, Integer> reasons = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> letter : waiting.letters) {
            String reason = header(letter, REASON).lines().findFirst().orElse("(no reason given)");
            reasons.merge("to " + header(letter, ORIGIN) + ": " + abbreviate(reason), 1, Integer::sum);
        }
        System.out.printf("%s: %d to replay (%d in all)%n", topic, waiting.letters.size(), waiting.total);
        reasons.forEach((reason, count) -> System.out.printf("  %5d %s%n", count, reason));
        return waiting.letters.size();
    }

    /** Re-publishes the waiting letters to their topics, then commits them as done; returns how many. */
    static int replay(KafkaConsumer<byte[], byte[]> consumer, KafkaProducer<byte[], byte[]> producer, String topic)
        throws Exception {
        Waiting waiting = waiting(consumer, topic);
        Map<String, Integer> replayed = new TreeMap<>();
        List<Future<?>> sent = new ArrayList<>();
        int skipped = 0;
        for (ConsumerRecord<byte[], byte[]> letter : waiting.letters) {
            String origin = header(letter, ORIGIN);
            if (origin.isEmpty()) {
                skipped++; // not written by a dead-letter queue: nowhere to send it
                continue;
            }
            RecordHeaders headers = new RecordHeaders();
            for (Header h : letter.headers()) {
                if (!h.key().startsWith(DEAD_LETTER_HEADERS) && !h.key().equals(REPLAYED_FROM)) {
                    headers.add(h);
                }
            }
            headers.add(REPLAYED_FROM, (letter.topic() + "/" + letter.partition() + "/" + letter.offset())
                .getBytes(StandardCharsets.UTF_8));
            sent.add(producer.send(new ProducerRecord<>(origin, null, letter.key(), letter.value(), headers)));
            replayed.merge(origin, 1, Integer::sum);
        }
        producer.flush();
        for (Future<?> f : sent) {
            f.get(); // every record acknowledged before the letters count as done
        }
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        waiting.end.forEach((partition, offset) -> done.put(partition, new OffsetAndMetadata(offset)));
        consumer.commitSync(done);
        if (replayed.isEmpty() && skipped == 0) {
            System.out.printf("%s: nothing to replay%n", topic);
        }
        replayed.forEach((origin, count) -> System.out.printf("%s: replayed %d to %s%n", topic, count, origin));
        if (skipped > 0) {
            System.out.printf("%s: skipped %d without a %s header%n", topic, skipped, ORIGIN);
        }
        return sent.size();
    }

    /** The letters after the group's committed offsets, up to the end as it is now (later letters wait for next time). */
    record Waiting(List<ConsumerRecord<byte[], byte[]>> letters, Map<TopicPartition, Long> end, long total) {
    }

    static Waiting waiting(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new java.util.HashSet<>(partitions));
        long total = 0;
        for (TopicPartition p : partitions) {
            OffsetAndMetadata c = committed.get(p);
            consumer.seek(p, c == null ? begin.get(p) : Math.max(c.offset(), begin.get(p)));
            total += end.get(p) - begin.get(p);
        }
        List<ConsumerRecord<byte[], byte[]>> letters = new ArrayList<>();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                    letters.add(r);
                }
            }
        }
        return new Waiting(letters, end, total);
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }

    static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("group.id", GROUP);
        props.put("enable.auto.commit", "false");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("acks", "all");
        props.put("enable.idempotence", "true");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    static void usage(String problem) {
        System.err.println("dlq: " + problem);
        System.err.println("usage: dlq.sh list|replay [--topic TOPIC.dlq]");
        System.exit(2);
    }
}
