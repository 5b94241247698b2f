package dev.taskfleet.router.kafka;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.kafka.KafkaClientSettings;
import dev.taskfleet.kafka.TopicProvisioner;
import dev.taskfleet.kafka.TopicSpec;
import dev.taskfleet.policy.RoutingPolicy;
import dev.taskfleet.router.config.RouterConfig;
import dev.taskfleet.router.metrics.RouterMetrics;
import dev.taskfleet.router.routing.TaskRouting;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

/**
 * Gets the router ready: loads the policy (a bad one stops start-up here, before any topic is
 * touched), creates every topic it reads or writes, registers its meters and starts the
 * {@link RouterLoops}.
 */
@ApplicationScoped
public class RouterStartup {

    private static final Logger LOG = Logger.getLogger(RouterStartup.class);
    /** How long to wait for the broker at start-up before failing (and letting the pod restart). */
    private static final Duration PROVISIONING_TIMEOUT = Duration.ofSeconds(30);

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event,
            RouterConfig config, TopicNames topics, RoutingPolicy policy, RouterMetrics metrics, RouterLoops loops,
            KafkaClientSettings kafka) {
        // The Admin starts from the same settings as the other clients, so SASL and TLS apply to it too.
        try (Admin admin = Admin.create(kafka.admin("taskfleet-router-provisioner"))) {
            new TopicProvisioner(admin, PROVISIONING_TIMEOUT).ensure(topicSpecs(config, topics));
        }
        // Load Jackson and the codec now rather than when the first record arrives.
        EventCodec.mapper();
        metrics.registerKnownSeries(config.tierOrder(), policy.ruleIds(), TaskRouting.REASON_CODES);
        loops.start();
        LOG.infof("router started: reads %s, %s and the inbox lanes %s.inbox.<team>, routes to tiers %s with rules %s, "
                + "adaptive routing %s", topics.tasks(), topics.escalations(), topics.prefix(), config.tierOrder(), policy.ruleIds(),
                policy.adaptiveEnabled() ? "on (window " + policy.adaptiveWindow() + ")" : "off");
    }

    static List<TopicSpec> topicSpecs(RouterConfig config, TopicNames topics) {
        int partitions = config.topics().partitions();
        short replication = config.topics().replicationFactor();
        List<TopicSpec> specs = new ArrayList<>();
        specs.add(new TopicSpec(topics.tasks(), partitions, replication));
        specs.add(new TopicSpec(topics.escalations(), partitions, replication));
        config.tierOrder().forEach(tier -> specs.add(new TopicSpec(topics.tier(tier), partitions, replication)));
        specs.add(new TopicSpec(topics.results(), partitions, replication));
        specs.add(new TopicSpec(topics.batches(), partitions, replication));
        specs.add(new TopicSpec(topics.deadLetters(), partitions, replication));
        return specs;
    }
}
