package dev.taskfleet.worker.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import static dev.taskfleet.testkit.BatchEventBuilder.aBatchEvent;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.testkit.KafkaTestClients;
import dev.taskfleet.testkit.KafkaTestResource;
import dev.taskfleet.testkit.ResultsCollector;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.TestBrokers;
import dev.taskfleet.worker.flow.InFlightLimiter;
import dev.taskfleet.worker.metrics.WorkerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A second member joining the tier's group takes some of the worker's partitions while the worker
 * holds tasks from them that wait for the tier's token quota: the worker leaves those tasks to the
 * newcomer without calling them, keeps (and does not re-read) the partitions it still owns, and
 * reads the moved partitions again when they come back.
 *
 * <p>The quota holds the tasks: 6 tokens a minute, a bucket of one token. The first call takes it
 * and goes into debt by its prompt and answer (about 200 tokens, settled from its usage), so every
 * other call waits half an hour for tokens, asking again every 200 ms: nothing else is called while
 * the test runs. The newcomer is a plain consumer in the worker's group with the worker's
 * assignor, standing in for a second pod. At the end the batch is cancelled: the waiting tasks end
 * CANCELLED without a call, and the group's commits reach the end of every partition, so the
 * tasks the worker left unacknowledged hold nothing up.
 */
@QuarkusTest
@TestProfile(PartitionHandOverKafkaTest.QuotaHoldsTheTasks.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPIC_PREFIX_ARG, value = PartitionHandOverKafkaTest.PREFIX))
class PartitionHandOverKafkaTest {

    static final String PREFIX = "handover-test";
    private static final TopicNames TOPICS = new TopicNames(PREFIX);
    private static final String WORKER_GROUP = "taskfleet-worker-fast";
    private static final int PARTITIONS = 4;
    private static final int TASKS_PER_PARTITION = 2;
    private static final int TASKS = PARTITIONS * TASKS_PER_PARTITION;
    /** Two cooperative rebalances and a loaded machine. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    public static class QuotaHoldsTheTasks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "taskfleet.topics.partitions", String.valueOf(PARTITIONS),
                    "taskfleet.tiers.fast.rate-limit.tokens-per-minute", "6",
                    "taskfleet.tiers.fast.simulated.latency-median", "PT0.05S",
                    "taskfleet.tiers.fast.simulated.failure-rate", "0",
                    "taskfleet.worker.max-in-flight", "16",
                    // The tasks still waiting for tokens at the end need not hold the shutdown up.
                    "taskfleet.worker.drain-timeout", "PT1S",
                    "quarkus.http.test-port", "0");
        }
    }

    @Inject
    InFlightLimiter limiter;

    @Inject
    MeterRegistry registry;

    private final String bootstrap = TestBrokers.shared().bootstrapServers();

    @Test
    void tasksWaitingForQuotaAreLeftToTheNewOwnerOfTheirPartitionUncalled() {
        String batch = "batch-" + UUID.randomUUID();
        Map<String, Integer> partitionOf = new HashMap<>();
        try (ResultsCollector results = new ResultsCollector(bootstrap, TOPICS.results())) {
            sendSpreadOverThePartitions(batch, partitionOf);

            // Every task taken in; one called (it used the quota), the rest waiting for tokens.
            await().atMost(PATIENCE).until(() -> limiter.inFlight() == TASKS - 1 && results.countOfBatch(batch) == 1);
            String calledFirst = results.resultsOfBatch(batch).get(0).taskId();

            Set<String> readByNewcomer = new HashSet<>();
            Set<TopicPartition> moved;
            try (KafkaConsumer<String, String> newcomer = newcomer()) {
                newcomer.subscribe(List.of(TOPICS.tier("fast")));
                await().atMost(PATIENCE).pollInSameThread().until(() -> {
                    for (ConsumerRecord<String, String> record : newcomer.poll(Duration.ofMillis(100))) {
                        readByNewcomer.add(record.key());
                    }
                    return !newcomer.assignment().isEmpty() && readByNewcomer.containsAll(
                            waitingOn(newcomer.assignment(), partitionOf, calledFirst));
                });
                moved = Set.copyOf(newcomer.assignment());
                Set<String> handedOver = waitingOn(moved, partitionOf, calledFirst);

                assertThat(readByNewcomer).as("nothing the worker held is lost: the newcomer reads it all")
                        .containsAll(handedOver)
                        .allSatisfy(id -> assertThat(moved).contains(
                                new TopicPartition(TOPICS.tier("fast"), partitionOf.get(id))));
                await().atMost(PATIENCE).untilAsserted(() -> {
                    // Kafka's default eager protocol would revoke the kept partitions too, and hand over all seven.
                    assertThat(handedOverCount()).as("only the tasks of the partitions that moved")
                            .isEqualTo(handedOver.size());
                    assertThat(limiter.inFlight()).as("the tasks of the partitions the worker kept, still waiting")
                            .isEqualTo(TASKS - 1 - handedOver.size());
                });
                assertThat(results.countOfBatch(batch)).as("no handed-over task was called").isEqualTo(1);
            }

            // The newcomer leaves without committing: the moved partitions come back and are read again.
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(limiter.inFlight())
                    .as("the returned tasks are taken in again, not left on their ended leases").isEqualTo(TASKS - 1));
            assertThat(results.resultsOfBatch(batch)).extracting(TaskResult::taskId).containsExactly(calledFirst);

            KafkaTestClients.send(bootstrap, TOPICS.batches(), batch, EventCodec.encode(
                    aBatchEvent().batch(batch).cancelled().occurredAt(Instant.now()).build()));
            await().atMost(PATIENCE).until(() -> results.countOfBatch(batch) == TASKS);
            assertThat(results.resultsOfBatch(batch)).filteredOn(r -> !r.taskId().equals(calledFirst))
                    .as("one final result each, no call").hasSize(TASKS - 1)
                    .allSatisfy(r -> assertThat(r.status()).isEqualTo(ResultStatus.CANCELLED));
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(committedOffsets())
                    .as("commits reach the end of every partition").isEqualTo(endOffsets()));
        }
    }

    private Map<TopicPartition, Long> committedOffsets() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.listConsumerGroupOffsets(WORKER_GROUP).partitionsToOffsetAndMetadata().get().entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(TOPICS.tier("fast")))
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    private Map<TopicPartition, Long> endOffsets() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int partition = 0; partition < PARTITIONS; partition++) {
                latest.put(new TopicPartition(TOPICS.tier("fast"), partition), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    /** The tasks of {@code partitions} the worker had not finished: those it must leave to their new owner. */
    private Set<String> waitingOn(Set<TopicPartition> partitions, Map<String, Integer> partitionOf, String finished) {
        Set<Integer> numbers = partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
        return partitionOf.entrySet().stream()
                .filter(e -> numbers.contains(e.getValue()) && !e.getKey().equals(finished))
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    private double handedOverCount() {
        return registry.get(WorkerMetrics.TASKS_HANDED_OVER).counter().count();
    }

    private void sendSpreadOverThePartitions(String batch, Map<String, Integer> partitionOf) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (int i = 0; i < TASKS; i++) {
                RoutedTask routed = TaskBuilder.task().id(batch + "-" + i).batch(batch).type("refactor").routedTo("fast");
                int partition = i % PARTITIONS;
                partitionOf.put(routed.task().id(), partition);
                producer.send(new ProducerRecord<>(TOPICS.tier("fast"), partition, routed.task().id(),
                        EventCodec.encode(routed)));
            }
            producer.flush();
        }
    }

    private KafkaConsumer<String, String> newcomer() {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, WORKER_GROUP,
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(config);
    }
}
