package dev.taskfleet.router.kafka;

import static dev.taskfleet.router.kafka.RouterRecords.routedIds;
import static dev.taskfleet.router.kafka.RouterRecords.routingOf;
import static dev.taskfleet.router.kafka.RouterRecords.tiersOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.contract.BatchEvent;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.TierRouting;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.testkit.KafkaTestClients;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.TestBrokers;
import dev.taskfleet.testkit.TopicCollector;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ROUTED tallies are written in the transaction that forwards the tasks they count: when that
 * transaction aborts (here its first commit fails), a read_committed reader sees neither the
 * placements nor their tally, and the retry writes both once.
 */
class RoutingTalliesTransactionTest {

    private static final String PREFIX = "tally-abort";
    private static final TopicNames TOPICS = new TopicNames(PREFIX);
    private static final String BATCH = "batch-abort";
    private static final int TASKS = 5;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final String bootstrapServers = TestBrokers.shared().bootstrapServers();
    private final AtomicBoolean commitRefused = new AtomicBoolean();
    private TransactionalForwarder forwarder;

    @AfterEach
    void stop() throws InterruptedException {
        forwarder.stop(Duration.ofSeconds(15));
    }

    @Test
    void anAbortedTransactionLeavesNoTallyAndItsRetryWritesOneForEveryPlacement() {
        ForwardingLoops.createTopics(bootstrapServers, PREFIX);
        Map<String, String> tasks = new LinkedHashMap<>();
        IntStream.range(0, TASKS).forEach(i -> tasks.put("abort-" + i, EventCodec.encode(
                TaskBuilder.task().id("abort-" + i).batch(BATCH).team("payments").build())));
        KafkaTestClients.sendAll(bootstrapServers, TOPICS.tasks(), tasks);

        try (TopicCollector committed = new TopicCollector(bootstrapServers, TOPICS.batches());
                TopicCollector everything = TopicCollector.includingAborted(bootstrapServers, TOPICS.batches());
                TopicCollector fast = new TopicCollector(bootstrapServers, TOPICS.tier("fast"))) {
            forwarder = ForwardingLoops.start(bootstrapServers, PREFIX, this::firstCommitRefused);
            await().atMost(WAIT).until(() -> fast.size() >= TASKS && tiersOfRouted(committed) >= TASKS);

            assertThat(commitRefused).as("the first transaction was made to abort").isTrue();
            assertThat(routedIds(fast)).containsExactlyInAnyOrderElementsOf(tasks.keySet());
            assertThat(tiersOf(committed, BATCH)).containsExactly(Map.entry("fast", new TierRouting(TASKS, 0, 0, 0)));
            assertThat(routingOf(committed, BATCH)).allSatisfy(event -> {
                assertThat(event.team()).isEqualTo("payments");
                assertThat(event.run()).isEqualTo(1);
            });
            assertThat(routingOf(committed, BATCH).stream().mapToInt(BatchEvent::taskCount).sum()).isEqualTo(TASKS);
            await().atMost(WAIT).until(() -> routingOf(everything, BATCH).size() > routingOf(committed, BATCH).size());
            assertThat(routingOf(everything, BATCH).get(0).tiers().get("fast").routed())
                    .as("the aborted transaction had written its tally too").isPositive();
        }
    }

    private static long tiersOfRouted(TopicCollector batches) {
        TierRouting fast = tiersOf(batches, BATCH).get("fast");
        return fast == null ? 0 : fast.routed();
    }

    /**
     * The router's transactional producer, except that its first {@code commitTransaction} fails as
     * a commit does when the broker times it out: the forwarder must abort and read the batch again.
     */
    @SuppressWarnings("unchecked")
    private Producer<byte[], byte[]> firstCommitRefused() {
        Producer<byte[], byte[]> real = new KafkaProducer<>(ForwardingLoops.producerConfig(bootstrapServers, PREFIX));
        return (Producer<byte[], byte[]>) Proxy.newProxyInstance(Producer.class.getClassLoader(),
                new Class<?>[] {Producer.class}, (proxy, method, args) -> {
                    if (method.getName().equals("commitTransaction") && commitRefused.compareAndSet(false, true)) {
                        real.flush();
                        throw new KafkaException("commit refused by the test");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
