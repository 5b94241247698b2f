package dev.taskfleet.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.TopicConfig;

/**
 * {@link LaneCluster} over an Admin client. A lane gets the partition count of the topic it splits
 * as the cluster has it (not as configured), so one team alone still spreads over every
 * partition, and so over every consumer, of that topic. Every failure is a {@link KafkaException}:
 * the router aborts its forwarding transaction for a retry, the producer refuses the upload with
 * a 503. The caller owns the Admin client.
 *
 * <p>A lane also gets the template's {@code max.message.bytes}, set on the lane explicitly (when it
 * could be read): otherwise it would get the broker's default, and a task that fits its tier topic
 * (an operator raised that topic's limit for large prompts) would be too large for its team's lane
 * of the same tier, or the other way round. What a lane takes is still read when it is first
 * written to, since another service, an earlier release or an operator may have created it
 * otherwise.
 */
public final class AdminLaneCluster implements LaneCluster {

    private final Admin admin;
    private final short replicationFactor;
    private final Duration timeout;
    private final Function<String, Optional<Integer>> maxMessageBytes;

    /** @param maxMessageBytes a topic's {@code max.message.bytes}, when known */
    public AdminLaneCluster(Admin admin, short replicationFactor, Duration timeout,
            Function<String, Optional<Integer>> maxMessageBytes) {
        this.admin = admin;
        this.replicationFactor = replicationFactor;
        this.timeout = timeout;
        this.maxMessageBytes = maxMessageBytes;
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
    public void createLike(String lane, String template) {
        try {
            int partitions = admin.describeTopics(List.of(template)).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(template).partitions().size();
            Map<String, String> configs = maxMessageBytes.apply(template)
                    .map(bytes -> Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(bytes)))
                    .orElse(Map.of());
            new TopicProvisioner(admin, timeout).ensure(List.of(new TopicSpec(lane, partitions, replicationFactor,
                    configs)));
        } catch (ExecutionException | TimeoutException | TopicProvisioningException e) {
            throw new KafkaException("could not create lane " + lane + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while creating lane " + lane, e);
        }
    }
}
