package dev.taskfleet.worker.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.taskfleet.config.TierCatalog;
import dev.taskfleet.config.TierRates;
import dev.taskfleet.contract.DeadLetterHeaders;
import dev.taskfleet.contract.DeadLetterReasons;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.testkit.Events;
import dev.taskfleet.testkit.KafkaTestClients;
import dev.taskfleet.testkit.KafkaTestResource;
import dev.taskfleet.testkit.ResultsCollector;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.TestBrokers;
import dev.taskfleet.testkit.TopicCollector;
import dev.taskfleet.worker.config.WorkerConfig;
import dev.taskfleet.worker.flow.InFlightLimiter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The worker against a real broker: tasks in on the tier topic, one result each out, bad records
 * to the DLQ. The simulated model takes about 300 ms per call, long enough that tasks overlap if
 * the worker runs them concurrently and short enough to keep the test quick.
 */
@QuarkusTest
@TestProfile(WorkerKafkaTest.SlowEnoughToOverlap.class)
@QuarkusTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPIC_PREFIX_ARG, value = WorkerKafkaTest.PREFIX))
class WorkerKafkaTest {

    static final String PREFIX = "worker-test";
    private static final TopicNames TOPICS = new TopicNames(PREFIX);
    private static final String WORKER_ID = "worker-under-test";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** One metadata refresh (5 s), a rebalance and one 300 ms task, with room for a loaded machine. */
    private static final Duration LANE_FOUND_WITHIN = Duration.ofSeconds(20);
    /** The worker's group: {@code taskfleet-worker-<tier>}, whatever the topic prefix. */
    private static final String WORKER_GROUP = "taskfleet-worker-fast";

    /** Every call succeeds, so every result has tokens and a cost. */
    public static class SlowEnoughToOverlap implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "taskfleet.tiers.fast.simulated.latency-median", "PT0.3S",
                    "taskfleet.tiers.fast.simulated.latency-spread", "0.1",
                    "taskfleet.tiers.fast.simulated.failure-rate", "0",
                    "taskfleet.worker.id", WORKER_ID,
                    "quarkus.http.test-port", "0");
        }
    }

    @Inject
    InFlightLimiter limiter;

    @Inject
    WorkerConfig config;

    private final String bootstrap = TestBrokers.shared().bootstrapServers();

    @Test
    void chargesByTheSameRatesTheCliEstimatesWith() {
        for (String tier : List.of("fast", "quality")) {
            WorkerConfig.Tier settings = config.tiers().get(tier);
            TierRates estimated = TierCatalog.fromEnvironment().rates(tier);
            assertThat(new TierRates(tier, settings.price().inputPerMillion(), settings.price().outputPerMillion(),
                    settings.simulated().outputTokensMedian())).isEqualTo(estimated);
        }
        assertThat(TierCatalog.fromEnvironment().rates("quality"))
                .as("read from the shared file, not the generic defaults").isEqualTo(new TierRates("quality", 3, 15, 500));
    }

    @Test
    void publishesExactlyOneCompleteResultPerTaskWithManyInFlight() throws Exception {
        String batch = "batch-" + UUID.randomUUID();
        Map<String, RoutedTask> tasks = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            RoutedTask routed = TaskBuilder.task().id(batch + "-" + i).batch(batch).type("refactor").routedTo("fast");
            tasks.put(routed.task().id(), routed);
        }
        Map<String, String> records = new LinkedHashMap<>();
        tasks.forEach((id, routed) -> records.put(id, EventCodec.encode(routed)));

        try (ResultsCollector results = new ResultsCollector(bootstrap, TOPICS.results())) {
            KafkaTestClients.sendAll(bootstrap, TOPICS.tier("fast"), records);

            await().atMost(PATIENCE).until(() -> results.countOfBatch(batch) >= tasks.size());
            /*
             * A second result of a task could only come from a record the worker has not finished
             * with. Once the group has committed the tier topic's end offsets, every record is done
             * (a record is acknowledged only after its result), so every result there will ever be
             * is on the results topic; reading that topic to its current end then sees them all.
             */
            awaitCommittedToTheEnd(WORKER_GROUP, TOPICS.tier("fast"));
            awaitReadToTheEnd(results);

            assertThat(results.undecodable()).isEmpty();
            assertThat(results.resultsOfBatch(batch).stream()
                    .collect(Collectors.groupingBy(TaskResult::taskId, Collectors.counting())))
                    .containsOnlyKeys(tasks.keySet())
                    .allSatisfy((taskId, count) -> assertThat(count).as("results of %s", taskId).isEqualTo(1));
            for (TaskResult result : results.resultsOfBatch(batch)) {
                RoutedTask routed = tasks.get(result.taskId());
                assertThat(result.status()).isEqualTo(ResultStatus.SUCCEEDED);
                assertThat(result.tier()).isEqualTo("fast");
                assertThat(result.model()).isEqualTo("sim-fast");
                assertThat(result.taskType()).isEqualTo("refactor");
                assertThat(result.inputTokens()).isPositive();
                assertThat(result.outputTokens()).isPositive();
                assertThat(result.costUsd()).isPositive();
                assertThat(result.attempts()).isEqualTo(1);
                assertThat(result.latencyMs()).isPositive();
                assertThat(result.workerId()).isEqualTo(WORKER_ID);
                assertThat(result.routing()).isEqualTo(routed.routing());
                assertThat(result.finishedAt()).isNotNull();
            }
            assertThat(results.records()).filteredOn(r -> r.value().contains(batch))
                    .allSatisfy(r -> assertThat(r.key()).isEqualTo(Events.decode(r, TaskResult.class).taskId()));
        }
        // Forty 300 ms calls arrive within a fraction of a second: one at a time would never overlap.
        assertThat(limiter.maxObserved()).isGreaterThan(1);
    }

    /**
     * A lane the router creates after the worker started is found by the pattern subscription at
     * the next metadata refresh (5 s) and a rebalance, and its task runs like one on the tier topic.
     */
    @Test
    void runsATaskFromALaneCreatedAfterTheWorkerStarted() {
        String team = "late-" + UUID.randomUUID();
        String lane = TOPICS.lane("fast", team);
        RoutedTask routed = TaskBuilder.task().id(team + "-task").batch(team).team(team).routedTo("fast");

        try (ResultsCollector results = new ResultsCollector(bootstrap, TOPICS.results())) {
            KafkaTestClients.createTopics(bootstrap, 2, List.of(lane));
            long createdAt = System.nanoTime();
            KafkaTestClients.send(bootstrap, lane, routed.task().id(), EventCodec.encode(routed));

            // With Kafka's default metadata.max.age.ms (5 minutes) the lane would not be read in time.
            await().atMost(PATIENCE).until(() -> results.countOfBatch(team) == 1);
            assertThat(Duration.ofNanos(System.nanoTime() - createdAt)).isLessThan(LANE_FOUND_WITHIN);
            assertThat(results.resultsOfBatch(team)).singleElement()
                    .satisfies(r -> assertThat(r.status()).isEqualTo(ResultStatus.SUCCEEDED));
        }
        awaitCommittedToTheEnd(WORKER_GROUP, lane);
    }

    /**
     * Also: the copy keeps the source record's own headers (tracing survives) but not the
     * dead-letter headers of an earlier trip, as the router's copies do (kafka-support builds both).
     */
    @Test
    void deadLettersARecordThatIsNotATaskWithItsKeyAndHeadersAndKeepsGoing() {
        String id = "poison-" + UUID.randomUUID();
        RecordHeaders sourceHeaders = new RecordHeaders();
        sourceHeaders.add("traceparent", utf8("00-" + id + "-01"));
        sourceHeaders.add(DeadLetterHeaders.REASON_CODE, utf8("FROM_AN_EARLIER_TRIP"));
        // 0xC3 0x28 is not UTF-8 and 0xFF never is: a String round trip would replace them.
        byte[] key = concat(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}, utf8(id));
        byte[] garbage = utf8("{ this is not a routed task " + id);
        RoutedTask after = TaskBuilder.task().id(id + "-after").batch(id).routedTo("fast");

        try (KafkaConsumer<byte[], byte[]> dlq = bytesConsumerFromTheStart(TOPICS.deadLetters());
                ResultsCollector results = new ResultsCollector(bootstrap, TOPICS.results())) {
            // Same key, same partition: the task comes after the garbage in the partition's order.
            sendBytes(TOPICS.tier("fast"), key, sourceHeaders, garbage, utf8(EventCodec.encode(after)));

            List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
            await().atMost(PATIENCE).until(() -> {
                dlq.poll(Duration.ofMillis(100)).forEach(r -> {
                    if (Arrays.equals(r.value(), garbage)) {
                        dead.add(r);
                    }
                });
                return !dead.isEmpty();
            });
            await().atMost(PATIENCE).until(() -> results.countOfBatch(id) == 1);

            assertThat(dead).hasSize(1);
            ConsumerRecord<byte[], byte[]> copy = dead.get(0);
            assertThat(copy.key()).isEqualTo(key);
            assertThat(header(copy, DeadLetterHeaders.REASON_CODE)).isEqualTo(DeadLetterReasons.UNPARSEABLE);
            assertThat(header(copy, DeadLetterHeaders.REASON)).contains("not valid JSON");
            assertThat(header(copy, DeadLetterHeaders.SERVICE)).isEqualTo("worker");
            assertThat(header(copy, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(TOPICS.tier("fast"));
            assertThat(header(copy, DeadLetterHeaders.SOURCE_PARTITION)).isNotBlank();
            assertThat(header(copy, DeadLetterHeaders.SOURCE_OFFSET)).isNotBlank();
            assertThat(header(copy, "traceparent")).isEqualTo("00-" + id + "-01");
            assertThat(copy.headers().headers(DeadLetterHeaders.REASON_CODE)).hasSize(1);
            assertThat(results.resultsOfBatch(id)).singleElement()
                    .satisfies(r -> assertThat(r.taskId()).isEqualTo(after.task().id()));
        }
    }

    @Test
    void publishesItsMetersForPrometheus() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics).contains(
                "taskfleet_tasks_completed_total{",
                "taskfleet_tasks_in_flight{",
                "taskfleet_intake_waiting{",
                "taskfleet_intake_paused_partitions{",
                "taskfleet_task_processing_seconds_bucket{",
                "taskfleet_model_call_seconds_bucket{",
                "taskfleet_dlq_records_total{");
        assertThat(metrics).contains("reason=\"" + DeadLetterReasons.WRONG_TIER + "\"",
                "reason=\"" + ResultErrorCodes.WORKER_ERROR + "\"", "service=\"worker\"",
                "tier=\"fast\"");
    }

    @Test
    void isReadyWithItsKafkaChannelsReportedInReadiness() {
        await().atMost(PATIENCE).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body(containsString("tasks"))
                .body(containsString("results")));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"))
                .body(containsString("cancellation-reader"));
    }

    /** Waits until {@code group} has committed, on every partition of {@code topic}, the partition's end offset. */
    private void awaitCommittedToTheEnd(String group, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            await().atMost(PATIENCE).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                return endOffsets(admin, topic).entrySet().stream().allMatch(end -> {
                    OffsetAndMetadata offset = committed.get(end.getKey());
                    // A partition that never had a record has nothing to commit.
                    return (offset == null ? 0 : offset.offset()) == end.getValue();
                });
            });
        }
    }

    /** Waits until the collector has read every record its topic holds now. */
    private void awaitReadToTheEnd(TopicCollector collector) throws Exception {
        Map<TopicPartition, Long> ends;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            ends = endOffsets(admin, collector.topic());
        }
        await().atMost(PATIENCE).until(() -> ends.entrySet().stream().allMatch(end -> end.getValue() == 0
                || collector.records().stream().anyMatch(r -> r.partition() == end.getKey().partition()
                        && r.offset() >= end.getValue() - 1)));
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(List.of(topic)).allTopicNames().get()
                .get(topic).partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** Writes the values in order, all with {@code key} and {@code headers}; waits for the broker to acknowledge each. */
    private void sendBytes(String topic, byte[] key, Iterable<Header> headers, byte[]... values) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, null, key, value, headers)).get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not write to " + topic, e);
        }
    }

    /** A consumer of every partition of {@code topic} from its first record, keys and values as bytes. */
    private KafkaConsumer<byte[], byte[]> bytesConsumerFromTheStart(String topic) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
