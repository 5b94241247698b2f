package dev.taskfleet.router.kafka;

import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.kafka.AdminLaneCluster;
import dev.taskfleet.kafka.KafkaClientSettings;
import dev.taskfleet.kafka.RecordSizeLimit;
import dev.taskfleet.kafka.TopicMessageLimits;
import dev.taskfleet.policy.OutcomeStats;
import dev.taskfleet.policy.RoutingPolicy;
import dev.taskfleet.router.adaptive.OutcomeRecorder;
import dev.taskfleet.router.config.RouterConfig;
import dev.taskfleet.router.metrics.RouterMetrics;
import dev.taskfleet.router.routing.AnsweredEscalations;
import dev.taskfleet.router.routing.EscalationHandling;
import dev.taskfleet.router.routing.TaskRouting;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.jboss.logging.Logger;

/**
 * Owns the router's two threads: the exactly-once forwarding loop (tasks, inbox lanes and
 * escalations) and,
 * with adaptive routing on, the results follower. The forwarding loop starts once the follower
 * has replayed the adaptive window, so no task is decided with empty statistics after a restart.
 * Both stop on shutdown; the health checks read their state.
 */
@ApplicationScoped
public class RouterLoops {

    private static final Logger LOG = Logger.getLogger(RouterLoops.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    /**
     * How long creating a lane, or reading a topic's max.message.bytes, may take: a lane not
     * created in time aborts the forwarding transaction for a retry, a limit not read in time is
     * replaced by max.request.size alone.
     */
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(15);
    /** Kafka's own default for {@code transaction.timeout.ms}, which the router leaves as it is unless configured. */
    private static final long KAFKA_DEFAULT_TRANSACTION_TIMEOUT_MS = 60_000;

    private final TransactionalForwarder forwarder;
    private final Optional<ResultsFollower> follower;
    private final RouterKafkaClients clients;
    private final Admin admin;
    private final DestinationLimits limits;
    private final List<String> outputTopics;

    @Inject
    public RouterLoops(RouterConfig config, TopicNames topics, RoutingPolicy policy, TaskRouting routing,
            EscalationHandling escalations, Optional<OutcomeRecorder> recorder, RouterMetrics metrics, Clock clock,
            @Named("instanceId") String instanceId, KafkaClientSettings kafka,
            MeterRegistry registry) {
        this.clients = new RouterKafkaClients(kafka, registry);
        String name = "taskfleet-router-" + instanceId;
        CountDownLatch startGate = new CountDownLatch(recorder.isPresent() ? 1 : 0);
        this.follower = recorder.map(r -> new ResultsFollower(() -> clients.resultsConsumer(name + "-results"),
                topics.results(), policy.adaptiveWindow(), clock, r, metrics, startGate::countDown));
        String transactionalId = transactionalId(topics, instanceId);
        this.admin = Admin.create(kafka.admin(name + "-admin"));
        // Sized as the transactional producer is configured: its max.request.size is the kafka.* one.
        this.limits = new DestinationLimits(RecordSizeLimit.of(kafka.producer(name + "-tx")),
                asked -> TopicMessageLimits.read(admin, asked, ADMIN_TIMEOUT));
        List<String> written = new ArrayList<>();
        config.tierOrder().forEach(tier -> written.add(topics.tier(tier)));
        written.addAll(List.of(topics.results(), topics.deadLetters()));
        this.outputTopics = List.copyOf(written);
        LaneTopics lanes = new LaneTopics(topics, config.router().lanes().enabled(),
                config.router().lanes().maxPerTier(),
                new AdminLaneCluster(admin, config.topics().replicationFactor(), ADMIN_TIMEOUT, limits::maxMessageBytes));
        RecordForwarding forwarding = new RecordForwarding(routing, escalations, topics, lanes, limits, metrics,
                task -> policy.decide(task, OutcomeStats.NONE).tier(), new AnsweredEscalations(), instanceId, clock);
        this.forwarder = new TransactionalForwarder(() -> clients.forwardingConsumer(name),
                () -> clients.transactionalProducer(name + "-tx", transactionalId), forwarding, metrics, startGate,
                new TransactionBounds(config.router().transaction().maxRecords(), config.router().transaction().maxTime())
                        .within(transactionTimeout(kafka.producer(name + "-tx"))));
        LOG.infof("router instance %s, transactional.id %s", instanceId, transactionalId);
    }

    /** The transactional producer's {@code transaction.timeout.ms}: its setting, else Kafka's default (60 s). */
    private static Duration transactionTimeout(Map<String, Object> producerSettings) {
        Object set = producerSettings.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        return Duration.ofMillis(set == null ? KAFKA_DEFAULT_TRANSACTION_TIMEOUT_MS : Long.parseLong(set.toString()));
    }

    /**
     * One id per router instance, stable across its restarts: a restarted router fences its
     * previous self. The prefix keeps fleets sharing a cluster apart.
     */
    static String transactionalId(TopicNames topics, String instanceId) {
        return topics.prefix() + "-router-" + instanceId;
    }

    /** Starts both loops; call once the topics exist. */
    void start() {
        // Read now, on the topics just provisioned, so the limits are logged at start-up; lanes
        // are read when first used. Before the forwarding thread starts, which then owns them.
        limits.learn(outputTopics);
        follower.ifPresent(ResultsFollower::start);
        Thread forwarding = new Thread(forwarder, "router-forwarding");
        forwarding.setDaemon(true);
        forwarding.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        forwarder.stop(STOP_TIMEOUT);
        follower.ifPresent(ResultsFollower::stop);
        admin.close(STOP_TIMEOUT);
        clients.unbindMetrics();
    }

    /** {@code null} while both loops work, else why one of them stopped on its own. */
    public String failure() {
        if (forwarder.failure() != null) {
            return "forwarding: " + forwarder.failure();
        }
        return follower.map(ResultsFollower::failure).map(f -> "results reader: " + f).orElse(null);
    }

    /** Ready when the adaptive window is replayed and the forwarding loop consumes. */
    public boolean ready() {
        return forwarder.isRunning() && follower.map(ResultsFollower::isRunning).orElse(true);
    }
}
