package dev.taskfleet.producer.broker;

import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.kafka.TopicProvisioner;
import dev.taskfleet.kafka.TopicSpec;
import dev.taskfleet.producer.config.FleetConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Creates the topics the producer writes and reads (tasks, batches, results, provider-batches, tracker-checkpoints), and the dead-letter topic, before the first request
 * can arrive: the broker never auto-creates topics. A failure stops the start-up.
 */
@ApplicationScoped
public class TopicSetup {

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event,
                 FleetConfig config, BrokerAdmin admin) {
        TopicNames names = config.topicNames();
        int partitions = config.topics().partitions();
        short replication = config.topics().replicationFactor();
        new TopicProvisioner(admin.admin(), config.producer().topicProvisionTimeout()).ensure(List.of(
                new TopicSpec(names.tasks(), partitions, replication),
                new TopicSpec(names.results(), partitions, replication),
                // Not compacted: a batch has several events under one key (accepted, retried, cancelled).
                new TopicSpec(names.batches(), partitions, replication),
                new TopicSpec(names.deadLetters(), partitions, replication),
                // Read for "waiting at the provider"; created here too (alike) so the status reader
                // finds it from the start in a fleet whose batch-tier workers are not up yet.
                TopicSpec.compacted(names.providerBatches(), partitions, replication),
                trackerCheckpoints(names, replication)));
    }

    /**
     * One partition (checkpoints are read whole, in the order written); compacted, so each replica's
     * two slots stay and older chunks go once a segment rolls (every 10 minutes: the segment being
     * written is never compacted); deleted after a week, so the slots of replicas long gone go too.
     */
    public static TopicSpec trackerCheckpoints(TopicNames names, short replication) {
        return new TopicSpec(names.trackerCheckpoints(), 1, replication, Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, String.valueOf(Duration.ofDays(7).toMillis()),
                TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(Duration.ofMinutes(10).toMillis())));
    }
}
