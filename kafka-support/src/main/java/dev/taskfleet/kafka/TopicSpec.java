package dev.taskfleet.kafka;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.TopicConfig;

/**
 * A topic the fleet needs, with the shape it should have.
 *
 * @param name              the topic name
 * @param partitions        partition count; the upper bound on consumers working the topic in parallel
 * @param replicationFactor copies of each partition (1 for a laptop, 3 in production)
 * @param configs           topic-level settings such as {@code retention.ms}
 */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + ": partitions must be at least 1, was " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("topic " + name + ": replication factor must be at least 1, was "
                    + replicationFactor);
        }
        configs = configs == null ? Map.of() : Map.copyOf(configs);
    }

    public TopicSpec(String name, int partitions, short replicationFactor) {
        this(name, partitions, replicationFactor, Map.of());
    }

    /**
     * A compacted topic ({@code cleanup.policy=compact}), such as {@code <prefix>.provider-batches}:
     * every service that may create it first must create it alike, since an existing topic is never changed.
     */
    public static TopicSpec compacted(String name, int partitions, short replicationFactor) {
        return new TopicSpec(name, partitions, replicationFactor,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }
}
