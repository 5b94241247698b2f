package dev.taskfleet.router.kafka;

import static dev.taskfleet.router.kafka.RouterRecords.routedIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.router.metrics.RouterMetrics;
import dev.taskfleet.testkit.KafkaTestClients;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.TestBrokers;
import dev.taskfleet.testkit.TopicCollector;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One forwarding transaction spans several polls ({@link TransactionBounds}) and still forwards
 * exactly once: it commits when it holds its records or its time is up, with the offsets of every
 * poll it took; a rebalance while it is open commits it before the partitions go; a shutdown
 * commits it rather than throwing it away. The consumer takes 10 records per poll throughout.
 */
class TransactionSpanTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Longer than any wait of these tests: a commit they see came from the records bound, a rebalance or a stop. */
    private static final Duration NEVER = Duration.ofSeconds(50);
    private static final int PER_POLL = 10;

    private final String bootstrapServers = TestBrokers.shared().bootstrapServers();
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private TransactionalForwarder forwarder;

    @AfterEach
    void stop() throws InterruptedException {
        if (forwarder != null) {
            forwarder.stop(Duration.ofSeconds(15));
        }
    }

    @Test
    void aTransactionTakesPollsUntilItHoldsItsRecordsAndCommitsTheirOffsetsTogether() {
        TopicNames topics = ForwardingLoops.createTopics(bootstrapServers, "span-records");
        Map<String, String> tasks = send(topics, "span-records", 200);

        try (TopicCollector fast = new TopicCollector(bootstrapServers, topics.tier("fast"))) {
            forwarder = start(topics, new TransactionBounds(200, NEVER));
            await().atMost(WAIT).until(() -> fast.size() >= 200);

            assertThat(routedIds(fast)).containsExactlyInAnyOrderElementsOf(tasks.keySet());
            assertThat(transactions("committed")).as("20 polls of 10, one transaction").isEqualTo(1.0);
            assertThat(committedOffset(topics)).isEqualTo(200);
        }
    }

    @Test
    void aTransactionCommitsWhenItsTimeIsUpThoughItHoldsFewerRecords() {
        TopicNames topics = ForwardingLoops.createTopics(bootstrapServers, "span-time");
        Map<String, String> tasks = send(topics, "span-time", 25);

        try (TopicCollector fast = new TopicCollector(bootstrapServers, topics.tier("fast"))) {
            forwarder = start(topics, new TransactionBounds(100_000, Duration.ofMillis(300)));
            await().atMost(WAIT).until(() -> fast.size() >= 25);

            assertThat(routedIds(fast)).containsExactlyInAnyOrderElementsOf(tasks.keySet());
            // 25 records never fill 100,000: only the time bound can have committed them. How many
            // transactions that took depends on how the broker handed the records over in time.
            assertThat(transactions("committed")).isGreaterThanOrEqualTo(1.0);
            assertThat(committedOffset(topics)).isEqualTo(25);
        }
    }

    @Test
    void aRebalanceCommitsTheOpenTransactionBeforeItsPartitionsGoAndNothingIsReadTwice() {
        TopicNames topics = ForwardingLoops.createTopics(bootstrapServers, "span-rebalance");
        Map<String, String> first = send(topics, "span-rebalance-a", 30);

        try (TopicCollector fast = new TopicCollector(bootstrapServers, topics.tier("fast"));
                TopicCollector sent = TopicCollector.includingAborted(bootstrapServers, topics.tier("fast"));
                KafkaConsumer<byte[], byte[]> newcomer = groupMember("span-rebalance")) {
            forwarder = start(topics, new TransactionBounds(100_000, NEVER));
            // Sent in the open transaction, not yet committed.
            await().atMost(WAIT).until(() -> sent.size() >= 30);
            assertThat(fast.size()).isZero();

            newcomer.subscribe(forwarding(topics));
            List<ConsumerRecord<byte[], byte[]>> readByNewcomer = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                newcomer.poll(Duration.ofMillis(100)).forEach(readByNewcomer::add);
                return transactions("committed") >= 1.0;
            });
            await().atMost(WAIT).until(() -> fast.size() >= 30);
            assertThat(routedIds(fast)).containsExactlyInAnyOrderElementsOf(first.keySet());
            assertThat(committedOffset(topics)).isEqualTo(30);
            assertThat(readByNewcomer).as("the revoked records were committed before anyone else read them").isEmpty();
        }
    }

    @Test
    void stoppingCommitsTheOpenTransactionInsteadOfAbortingIt() throws InterruptedException {
        TopicNames topics = ForwardingLoops.createTopics(bootstrapServers, "span-stop");
        Map<String, String> tasks = send(topics, "span-stop", 30);

        try (TopicCollector fast = new TopicCollector(bootstrapServers, topics.tier("fast"));
                TopicCollector sent = TopicCollector.includingAborted(bootstrapServers, topics.tier("fast"))) {
            forwarder = start(topics, new TransactionBounds(100_000, NEVER));
            await().atMost(WAIT).until(() -> sent.size() >= 30);
            assertThat(fast.size()).isZero();

            forwarder.stop(Duration.ofSeconds(15));
            forwarder = null;

            await().atMost(WAIT).until(() -> fast.size() >= 30);
            assertThat(routedIds(fast)).containsExactlyInAnyOrderElementsOf(tasks.keySet());
            assertThat(transactions("committed")).isEqualTo(1.0);
            assertThat(transactions("aborted")).isZero();
            assertThat(committedOffset(topics)).isEqualTo(30);
        }
    }

    private TransactionalForwarder start(TopicNames topics, TransactionBounds bounds) {
        Map<String, Object> config = ForwardingLoops.producerConfig(bootstrapServers, topics.prefix());
        return ForwardingLoops.start(bootstrapServers, topics.prefix(), () -> new KafkaProducer<>(config), bounds, PER_POLL,
                new RouterMetrics(registry));
    }

    private Map<String, String> send(TopicNames topics, String idPrefix, int count) {
        Map<String, String> tasks = new LinkedHashMap<>();
        IntStream.range(0, count).forEach(i -> tasks.put(idPrefix + "-" + i, EventCodec.encode(
                TaskBuilder.task().id(idPrefix + "-" + i).batch("batch-" + idPrefix).build())));
        KafkaTestClients.sendAll(bootstrapServers, topics.tasks(), tasks);
        return tasks;
    }

    private double transactions(String outcome) {
        // Registered on first use: none yet is zero.
        io.micrometer.core.instrument.Counter counter =
                registry.find(RouterMetrics.TRANSACTIONS).tag(RouterMetrics.OUTCOME, outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private static List<String> forwarding(TopicNames topics) {
        return List.of(topics.tasks(), topics.escalations());
    }

    /** The forwarding group's committed offset on the tasks topic's one partition. */
    private long committedOffset(TopicNames topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(topics.prefix() + "-router")
                    .partitionsToOffsetAndMetadata().get();
            OffsetAndMetadata offset = offsets.get(new TopicPartition(topics.tasks(), 0));
            return offset == null ? -1 : offset.offset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Another member of the loop's consumer group, as a second router would be. */
    private KafkaConsumer<byte[], byte[]> groupMember(String prefix) {
        return ForwardingLoops.consumer(bootstrapServers, prefix, 500);
    }
}
