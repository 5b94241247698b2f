package dev.taskfleet.router.kafka;

import dev.taskfleet.contract.TaskLimits;
import dev.taskfleet.contract.TaskValidator;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.kafka.Backoff;
import dev.taskfleet.kafka.RecordSizeLimit;
import dev.taskfleet.policy.PolicyDecision;
import dev.taskfleet.router.metrics.RouterMetrics;
import dev.taskfleet.router.routing.AnsweredEscalations;
import dev.taskfleet.router.routing.EscalationHandling;
import dev.taskfleet.router.routing.TaskRouting;
import dev.taskfleet.testkit.KafkaTestClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The router's forwarding loop on the test kit's broker without Quarkus, for tests of the loop
 * itself: every task goes to {@code fast}, an escalation request fails the test, and three aborts
 * in a row on one record stop the loop. The test supplies the transactional producer (see
 * {@link #producerConfig}), so it can shrink its limits or make its commits fail.
 */
final class ForwardingLoops {

    static final List<String> TIERS = List.of("fast", "quality");

    private ForwardingLoops() {
    }

    /** Creates the topics the loop reads and writes under {@code prefix}. */
    static TopicNames createTopics(String bootstrapServers, String prefix) {
        TopicNames topics = new TopicNames(prefix);
        KafkaTestClients.createTopics(bootstrapServers, 1, List.of(topics.tasks(), topics.escalations(),
                topics.deadLetters(), topics.results(), topics.batches(), topics.tier("fast"), topics.tier("quality")));
        return topics;
    }

    /** Starts the loop under {@code prefix} (its topics created) on a daemon thread, lanes off. */
    static TransactionalForwarder start(String bootstrapServers, String prefix,
            Supplier<Producer<byte[], byte[]>> producer) {
        TopicNames topics = new TopicNames(prefix);
        return start(bootstrapServers, prefix, producer, new LaneTopics(topics, false, 0, null));
    }

    /**
     * Starts the loop under {@code prefix} (its topics created) on a daemon thread, placing tasks by
     * {@code lanes}. Its records are sized against Kafka's default {@code max.request.size} alone, not
     * against the producer's or the topics': so a test can make the broker refuse an output.
     */
    static TransactionalForwarder start(String bootstrapServers, String prefix,
            Supplier<Producer<byte[], byte[]>> producer, LaneTopics lanes) {
        return start(bootstrapServers, prefix, producer, lanes,
                new DestinationLimits(RecordSizeLimit.of(Map.of()), topics -> Map.of()));
    }

    /** Starts the loop as {@link #start(String, String, Supplier, LaneTopics)}, sizing its records by {@code limits}. */
    static TransactionalForwarder start(String bootstrapServers, String prefix,
            Supplier<Producer<byte[], byte[]>> producer, LaneTopics lanes, DestinationLimits limits) {
        return start(bootstrapServers, prefix, producer, lanes, limits, SHIPPED_BOUNDS, 500, new RouterMetrics(new SimpleMeterRegistry()));
    }

    /** The transaction bounds the router ships with ({@code RouterConfig.Transaction}'s defaults). */
    static final TransactionBounds SHIPPED_BOUNDS = new TransactionBounds(5000, Duration.ofMillis(100));

    /**
     * Starts the loop with transactions bounded by {@code bounds}, its consumer taking up to
     * {@code maxPollRecords} per poll, counting into {@code metrics}; lanes off, sized by
     * {@code max.request.size} alone.
     */
    static TransactionalForwarder start(String bootstrapServers, String prefix,
            Supplier<Producer<byte[], byte[]>> producer, TransactionBounds bounds, int maxPollRecords,
            RouterMetrics metrics) {
        return start(bootstrapServers, prefix, producer, new LaneTopics(new TopicNames(prefix), false, 0, null),
                new DestinationLimits(RecordSizeLimit.of(Map.of()), topics -> Map.of()), bounds, maxPollRecords, metrics);
    }

    private static TransactionalForwarder start(String bootstrapServers, String prefix,
            Supplier<Producer<byte[], byte[]>> producer, LaneTopics lanes, DestinationLimits limits,
            TransactionBounds bounds, int maxPollRecords, RouterMetrics metrics) {
        TopicNames topics = new TopicNames(prefix);
        TaskValidator validator = new TaskValidator(TaskLimits.defaults(TIERS));
        TaskRouting routing = new TaskRouting(validator,
                task -> new PolicyDecision("fast", "test", 0.0, Map.of(), "every task goes to fast"), "test-router",
                Clock.systemUTC());
        EscalationHandling escalations = new EscalationHandling(validator, request -> {
            throw new AssertionError("no escalations in this test");
        }, "test-router", Clock.systemUTC());
        RecordForwarding forwarding = new RecordForwarding(routing, escalations, topics, lanes, limits, metrics,
                task -> "fast", new AnsweredEscalations(), "test-router", Clock.systemUTC());
        TransactionalForwarder forwarder = new TransactionalForwarder(() -> consumer(bootstrapServers, prefix, maxPollRecords),
                producer, forwarding, metrics, new CountDownLatch(0),
                Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(50)), 3, bounds);
        Thread loop = new Thread(forwarder, "test-forwarding-" + prefix);
        loop.setDaemon(true);
        loop.start();
        return forwarder;
    }

    /** The settings of the router's transactional producer under {@code prefix}; a test may add to them. */
    static Map<String, Object> producerConfig(String bootstrapServers, String prefix) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, prefix + "-router-tx");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return config;
    }

    /** A member of the router's consumer group for {@code prefix}, with the router's reading settings. */
    static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers, String prefix, int maxPollRecords) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords,
                ConsumerConfig.GROUP_ID_CONFIG, prefix + "-router",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
    }
}
