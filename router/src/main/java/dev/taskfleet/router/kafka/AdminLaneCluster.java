package dev.taskfleet.router.kafka;

import dev.taskfleet.kafka.TopicProvisioner;
import dev.taskfleet.kafka.TopicProvisioningException;
import dev.taskfleet.kafka.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;

/**
 * {@link LaneTopics.Cluster} over an Admin client. A lane gets the tier topic's partition count
 * as the cluster has it (not as configured), so one team alone still spreads over every
 * partition, and so over every worker, of its tier. Every failure is a {@link KafkaException},
 * which aborts the forwarding transaction for a retry. The caller owns the Admin client.
 */
final class AdminLaneCluster implements LaneTopics.Cluster {

    private final Admin admin;
    private final short replicationFactor;
    private final Duration timeout;

    AdminLaneCluster(Admin admin, short replicationFactor, Duration timeout) {
        this.admin = admin;
        this.replicationFactor = replicationFactor;
        this.timeout = timeout;
    }

    @Override
    public Set<String> topicNames() {
        try {
            return admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("could not list the topics to find the lanes: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while listing topics", e);
        }
    }

    @Override
    public void createLike(String lane, String tierTopic) {
        try {
            int partitions = admin.describeTopics(List.of(tierTopic)).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(tierTopic).partitions().size();
            new TopicProvisioner(admin, timeout).ensure(List.of(new TopicSpec(lane, partitions, replicationFactor)));
        } catch (ExecutionException | TimeoutException | TopicProvisioningException e) {
            throw new KafkaException("could not create lane " + lane + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while creating lane " + lane, e);
        }
    }
}
