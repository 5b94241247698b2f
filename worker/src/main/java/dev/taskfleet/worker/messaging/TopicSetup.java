package dev.taskfleet.worker.messaging;

import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.kafka.KafkaClientSettings;
import dev.taskfleet.kafka.TopicProvisioner;
import dev.taskfleet.kafka.TopicSpec;
import dev.taskfleet.worker.config.ProviderKind;
import dev.taskfleet.worker.config.WorkerConfig;
import dev.taskfleet.worker.execution.TaskExecutor;
import dev.taskfleet.worker.execution.TierProfile;
import dev.taskfleet.worker.flow.InFlightLimiter;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the worker's topics (its tier topic, results, escalations, DLQ, batches, and on a batch
 * tier the compacted provider-batches topic) at start-up. Runs at
 * {@code PLATFORM_BEFORE}, ahead of Quarkus' messaging lifecycle observer (priority 1000 in
 * Quarkus 3.33), which is what connects the channels: the consumer subscribes to a topic that
 * exists. A broker that cannot be reached fails the start, rather than leaving a worker that
 * looks up but cannot work.
 */
@ApplicationScoped
public class TopicSetup {

    private static final Logger LOG = Logger.getLogger(TopicSetup.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    KafkaClientSettings kafka;
    @Inject
    WorkerConfig config;
    @Inject
    TopicNames topics;
    @Inject
    TierProfile tier;
    @Inject
    InFlightLimiter limiter;
    @Inject
    TaskExecutor executor;
    @Inject
    ProviderKind kind;
    /** The group the tasks channel joins: the tier's by default, overridable like any channel setting. */
    @ConfigProperty(name = "mp.messaging.incoming.tasks.group.id")
    String groupId;

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        short replication = config.topics().replicationFactor();
        int partitions = config.topics().partitions();
        List<TopicSpec> specs = new ArrayList<>(List.of(
                new TopicSpec(topics.tier(tier.tier()), partitions, replication),
                new TopicSpec(topics.results(), partitions, replication),
                new TopicSpec(topics.escalations(), partitions, replication),
                new TopicSpec(topics.deadLetters(), partitions, replication),
                new TopicSpec(topics.batches(), partitions, replication)));
        if (kind.batch()) {
            // Compacted: it holds the latest record of each provider batch and request still open.
            specs.add(TopicSpec.compacted(topics.providerBatches(), partitions, replication));
        }
        // The same settings as every other client of the worker, so SASL/TLS reach the admin client too.
        try (Admin admin = Admin.create(kafka.admin("taskfleet-worker-provisioner-" + tier.tier()))) {
            new TopicProvisioner(admin, ADMIN_TIMEOUT).ensure(specs);
        }
        LOG.infof("worker %s serves tier %s with model %s: reads %s and its lanes as group %s, "
                + "at most %d tasks in flight, writes %s, %s and %s", executor.workerId(), tier.tier(), tier.model(),
                topics.tier(tier.tier()), groupId, limiter.limit(), topics.results(), topics.escalations(),
                topics.deadLetters());
    }
}
