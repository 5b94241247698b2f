package dev.taskfleet.e2e;

import dev.taskfleet.testkit.TestBrokers;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A consumer group as the broker sees it, through the Admin API: its members that hold partitions
 * of one topic of this fleet (the group's name is shared by every fleet on the test broker; the
 * topic's prefix is not).
 */
final class GroupMembers implements AutoCloseable {

    private final Admin admin;
    private final String group;
    private final String topic;

    GroupMembers(String bootstrapServers, String group, String topic) {
        this.admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        this.group = group;
        this.topic = topic;
    }

    /** The group of the tier's workers, on this fleet's tier topic, on the shared test broker. */
    static GroupMembers ofTier(String tier, String tierTopic) {
        return ofTier(TestBrokers.shared().bootstrapServers(), tier, tierTopic);
    }

    /** The group of the tier's workers, on this fleet's tier topic, on the broker at {@code bootstrapServers}. */
    static GroupMembers ofTier(String bootstrapServers, String tier, String tierTopic) {
        return new GroupMembers(bootstrapServers, "taskfleet-worker-" + tier, tierTopic);
    }

    /** Members of the group that hold partitions of the topic. */
    long count() throws ExecutionException, InterruptedException {
        return admin.describeConsumerGroups(List.of(group)).all().get().values().stream()
                .flatMap(described -> described.members().stream())
                .filter(member -> member.assignment().topicPartitions().stream()
                        .anyMatch(partition -> partition.topic().equals(topic)))
                .count();
    }

    @Override
    public void close() {
        admin.close();
    }
}
