package io.lookalike.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/** Consumer groups on the real broker, as tests that start services with groups of their own need them. */
public final class ConsumerGroups {

    /**
     * Waits until the group owns every partition of the topic: a new group that reads from the end of a topic
     * sees only records published after that.
     */
    public static void awaitAssigned(String bootstrapServers, String group, String topic, Duration timeout) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            long until = System.nanoTime() + timeout.toNanos();
            while (admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().stream()
                    .flatMap(m -> m.assignment().topicPartitions().stream()).filter(tp -> tp.topic().equals(topic))
                    .count() < partitions) {
                if (System.nanoTime() > until) {
                    throw new IllegalStateException("Group " + group + " does not own all " + partitions
                        + " partitions of " + topic + " after " + timeout);
                }
                Thread.sleep(300);
            }
        }
    }

    private ConsumerGroups() {
    }
}
