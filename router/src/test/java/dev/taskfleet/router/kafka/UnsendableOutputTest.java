package dev.taskfleet.router.kafka;

import static dev.taskfleet.router.kafka.RouterRecords.header;
import static dev.taskfleet.router.kafka.RouterRecords.routedIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.contract.DeadLetterHeaders;
import dev.taskfleet.contract.DeadLetterReasons;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.TaskLimits;
import dev.taskfleet.contract.TaskValidator;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.kafka.Backoff;
import dev.taskfleet.kafka.DeadLetterRecords;
import dev.taskfleet.policy.PolicyDecision;
import dev.taskfleet.router.metrics.RouterMetrics;
import dev.taskfleet.router.routing.AnsweredEscalations;
import dev.taskfleet.router.routing.EscalationHandling;
import dev.taskfleet.router.routing.TaskRouting;
import dev.taskfleet.testkit.KafkaTestClients;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.TestBrokers;
import dev.taskfleet.testkit.TopicCollector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An output the broker refuses for good (here: larger than the producer's {@code max.request.size})
 * must not stall the forwarding loop forever with liveness UP.
 */
class UnsendableOutputTest {

    private static final List<String> TIERS = List.of("fast", "quality");
    /** Smaller than the test inputs: the router can write neither their dead letter nor their routed copy. */
    private static final int MAX_REQUEST_SIZE = 3_100;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final String bootstrapServers = TestBrokers.shared().bootstrapServers();
    private TransactionalForwarder forwarder;
    private TopicCollector collector;

    @AfterEach
    void stop() throws InterruptedException {
        forwarder.stop(Duration.ofSeconds(15));
        collector.close();
    }

    @Test
    void aDeadLetterTooLargeForTheTopicIsWrittenWithoutItsValueAndForwardingGoesOn() {
        TopicNames topics = start("unsendable-dlq");
        collector = new TopicCollector(bootstrapServers, topics.deadLetters());
        KafkaTestClients.send(bootstrapServers, topics.tasks(), "huge-garbage", "x".repeat(3_000));
        KafkaTestClients.send(bootstrapServers, topics.tasks(), "after-garbage",
                EventCodec.encode(TaskBuilder.task().id("after-garbage").build()));

        try (TopicCollector fast = new TopicCollector(bootstrapServers, topics.tier("fast"))) {
            await().atMost(WAIT).until(() -> collector.size() == 1 && fast.size() == 1);
            assertThat(routedIds(fast)).containsExactly("after-garbage");
        }
        var deadLetter = collector.records().get(0);
        assertThat(deadLetter.key()).isEqualTo("huge-garbage");
        assertThat(deadLetter.value()).isNull();
        assertThat(header(deadLetter, DeadLetterHeaders.REASON)).endsWith(DeadLetterRecords.VALUE_DROPPED);
        assertThat(header(deadLetter, DeadLetterHeaders.REASON_CODE)).isEqualTo(DeadLetterReasons.UNPARSEABLE);
        assertThat(header(deadLetter, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(forwarder.failure()).isNull();
    }

    @Test
    void anOutputThatCanNeverBeWrittenStopsTheLoopNamingTheRecord() {
        TopicNames topics = start("unsendable-routed");
        collector = new TopicCollector(bootstrapServers, topics.tier("fast"));
        KafkaTestClients.send(bootstrapServers, topics.tasks(), "huge-task",
                EventCodec.encode(TaskBuilder.task().id("huge-task").prompt("p".repeat(3_100)).build()));

        await().atMost(WAIT).until(() -> forwarder.failure() != null);

        assertThat(forwarder.failure()).contains("3 transactions in a row aborted on record " + topics.tasks() + "-0@0")
                .contains(topics.tier("fast")).contains("RecordTooLargeException");
        assertThat(forwarder.isRunning()).isFalse();
        assertThat(collector.size()).isZero();
    }

    private TopicNames start(String prefix) {
        TopicNames topics = new TopicNames(prefix);
        KafkaTestClients.createTopics(bootstrapServers, 1, List.of(topics.tasks(), topics.escalations(),
                topics.deadLetters(), topics.results(), topics.batches(), topics.tier("fast"), topics.tier("quality")));
        TaskValidator validator = new TaskValidator(TaskLimits.defaults(TIERS));
        TaskRouting routing = new TaskRouting(validator,
                task -> new PolicyDecision("fast", "test", 0.0, Map.of(), "every task goes to fast"));
        EscalationHandling escalations = new EscalationHandling(validator, request -> {
            throw new AssertionError("no escalations in this test");
        }, "test-router", Clock.systemUTC());
        RouterMetrics metrics = new RouterMetrics(new SimpleMeterRegistry());
        RecordForwarding forwarding = new RecordForwarding(routing, escalations, topics, metrics, task -> "fast",
                new AnsweredEscalations(), Clock.systemUTC());
        forwarder = new TransactionalForwarder(() -> consumer(prefix), () -> producer(prefix), forwarding, metrics,
                new CountDownLatch(0), Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(50)), 3);
        Thread loop = new Thread(forwarder, "test-forwarding-" + prefix);
        loop.setDaemon(true);
        loop.start();
        return topics;
    }

    private KafkaConsumer<byte[], byte[]> consumer(String prefix) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, prefix + "-router",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
    }

    private KafkaProducer<byte[], byte[]> producer(String prefix) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, prefix + "-router-tx",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_SIZE,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }
}
