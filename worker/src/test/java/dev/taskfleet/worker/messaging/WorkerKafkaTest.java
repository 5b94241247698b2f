package dev.taskfleet.worker.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.taskfleet.contract.DeadLetterHeaders;
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
import dev.taskfleet.testkit.TopicCollector;
import dev.taskfleet.worker.flow.InFlightLimiter;
import dev.taskfleet.worker.intake.RoutedTaskReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
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

    private final String bootstrap = TestBrokers.shared().bootstrapServers();

    @Test
    void publishesExactlyOneCompleteResultPerTaskWithManyInFlight() {
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
            // Holding for a moment catches a second result for any task.
            await().during(Duration.ofMillis(500)).atMost(PATIENCE)
                    .until(() -> results.countOfBatch(batch) == tasks.size());

            assertThat(results.undecodable()).isEmpty();
            assertThat(results.duplicateTaskIds()).isEmpty();
            assertThat(results.resultsOfBatch(batch)).extracting(TaskResult::taskId)
                    .containsExactlyInAnyOrderElementsOf(tasks.keySet());
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
                    .allSatisfy(r -> assertThat(r.key()).isEqualTo(EventCodec.decodeResult(r.value()).taskId()));
        }
        // Forty 300 ms calls arrive within a fraction of a second: one at a time would never overlap.
        assertThat(limiter.maxObserved()).isGreaterThan(1);
    }

    @Test
    void deadLettersARecordThatIsNotATaskAndKeepsGoing() {
        String key = "poison-" + UUID.randomUUID();
        String garbage = "{ this is not a routed task";
        RoutedTask after = TaskBuilder.task().id(key + "-after").batch(key).routedTo("fast");

        try (TopicCollector dlq = new TopicCollector(bootstrap, TOPICS.deadLetters());
                ResultsCollector results = new ResultsCollector(bootstrap, TOPICS.results())) {
            // Same key, same partition: the task comes after the garbage in the partition's order.
            KafkaTestClients.send(bootstrap, TOPICS.tier("fast"), key, garbage);
            KafkaTestClients.send(bootstrap, TOPICS.tier("fast"), key, EventCodec.encode(after));

            await().atMost(PATIENCE).until(() -> dlq.records().stream().anyMatch(r -> key.equals(r.key())));
            await().atMost(PATIENCE).until(() -> results.countOfBatch(key) == 1);

            ConsumerRecord<String, String> dead = dlq.records().stream().filter(r -> key.equals(r.key()))
                    .findFirst().orElseThrow();
            assertThat(dead.value()).isEqualTo(garbage);
            assertThat(header(dead, DeadLetterHeaders.REASON_CODE)).isEqualTo(EventCodec.UNPARSEABLE);
            assertThat(header(dead, DeadLetterHeaders.REASON)).contains("not valid JSON");
            assertThat(header(dead, DeadLetterHeaders.SERVICE)).isEqualTo("worker");
            assertThat(header(dead, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(TOPICS.tier("fast"));
            assertThat(header(dead, DeadLetterHeaders.SOURCE_PARTITION)).isNotBlank();
            assertThat(header(dead, DeadLetterHeaders.SOURCE_OFFSET)).isNotBlank();
            assertThat(results.resultsOfBatch(key)).singleElement()
                    .satisfies(r -> assertThat(r.taskId()).isEqualTo(after.task().id()));
        }
    }

    @Test
    void publishesItsMetersForPrometheus() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics).contains(
                "taskfleet_tasks_completed_total{",
                "taskfleet_tasks_in_flight{",
                "taskfleet_task_processing_seconds_bucket{",
                "taskfleet_model_call_seconds_bucket{",
                "taskfleet_dlq_records_total{");
        assertThat(metrics).contains("reason=\"" + RoutedTaskReader.WRONG_TIER + "\"", "service=\"worker\"",
                "tier=\"fast\"");
    }

    @Test
    void isReadyWithItsKafkaChannelsReportedInReadiness() {
        await().atMost(PATIENCE).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body(containsString("tasks"))
                .body(containsString("results")));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
