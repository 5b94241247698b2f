package dev.taskfleet.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigResource;
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
 * of the same tier, or the other way round. And it gets the template's retention where that is set
 * on the topic, so a lane keeps tasks as long as the topic it splits. Both are copied once, when
 * the lane is made: a later change to the template is not carried over. The router reads what a
 * tier lane takes when it first writes to it, since another router, an earlier release or an
 * operator may have created it otherwise; the producer sizes tasks against the tasks topic's limit.
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
            Map<String, String> configs = new HashMap<>(retentionOf(template));
            maxMessageBytes.apply(template)
                    .ifPresent(bytes -> configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(bytes)));
            new TopicProvisioner(admin, timeout).ensure(List.of(new TopicSpec(lane, partitions, replicationFactor,
                    configs)));
        } catch (ExecutionException | TimeoutException | TopicProvisioningException e) {
            throw new KafkaException("could not create lane " + lane + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while creating lane " + lane, e);
        }
    }

    /**
     * The template's {@code retention.ms} and {@code retention.bytes} where they are set on the topic
     * itself (an operator or the chart keeps tasks longer than the broker's default): a lane holds
     * the same records and must keep them as long, or a retry finds them expired sooner. Nothing
     * when they cannot be read (no DescribeConfigs right): the lane then has the broker's default.
     */
    private Map<String, String> retentionOf(String template) throws InterruptedException {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, template);
        try {
            Config config = admin.describeConfigs(List.of(topic)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            Map<String, String> retention = new HashMap<>();
            for (String key : List.of(TopicConfig.RETENTION_MS_CONFIG, TopicConfig.RETENTION_BYTES_CONFIG)) {
                ConfigEntry entry = config == null ? null : config.get(key);
                if (entry != null && entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) {
                    retention.put(key, entry.value());
                }
            }
            return retention;
        } catch (ExecutionException | TimeoutException e) {
            return Map.of();
        }
    }
}
