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
import java.util.List;

/**
 * Creates the topics the producer writes and reads (tasks, batches, results, provider-batches), and the dead-letter topic, before the first request
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
                TopicSpec.compacted(names.providerBatches(), partitions, replication)));
    }
}
