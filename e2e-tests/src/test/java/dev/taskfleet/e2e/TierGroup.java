package dev.taskfleet.e2e;

import dev.taskfleet.testkit.TestBrokers;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** A tier's consumer group as the broker sees it, through the Admin API. */
final class TierGroup implements AutoCloseable {

    private final Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            TestBrokers.shared().bootstrapServers()));
    private final String group;
    private final String tierTopic;

    TierGroup(String tier, String tierTopic) {
        this.group = "taskfleet-worker-" + tier;
        this.tierTopic = tierTopic;
    }

    /** Members of the group that hold partitions of this fleet's tier topic. */
    long members() throws ExecutionException, InterruptedException {
        return admin.describeConsumerGroups(List.of(group)).all().get().values().stream()
                .flatMap(described -> described.members().stream())
                .filter(member -> member.assignment().topicPartitions().stream()
                        .anyMatch(partition -> partition.topic().equals(tierTopic)))
                .count();
    }

    @Override
    public void close() {
        admin.close();
    }
}
