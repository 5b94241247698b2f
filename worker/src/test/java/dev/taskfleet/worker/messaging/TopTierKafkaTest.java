package dev.taskfleet.worker.messaging;

import static dev.taskfleet.testkit.AttemptBuilder.anAttempt;
import static dev.taskfleet.testkit.BatchEventBuilder.aBatchEvent;
import static dev.taskfleet.testkit.RoutedTaskBuilder.aRoutedTask;
import static dev.taskfleet.worker.messaging.OpenAiWorkerKafkaTest.metric;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.contract.BatchEvent;
import dev.taskfleet.contract.DeadLetterHeaders;
import dev.taskfleet.contract.DeadLetterReasons;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.OutputExpectation;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.contract.TierRouting;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.kafka.DeadLetterRecords;
import dev.taskfleet.testkit.KafkaTestClients;
import dev.taskfleet.testkit.KafkaTestResource;
import dev.taskfleet.testkit.ResultsCollector;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.TestBrokers;
import dev.taskfleet.testkit.TopicCollector;
import dev.taskfleet.worker.cancellation.CancellationRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * The worker of the top tier ({@code quality} of {@code fast,quality}) on the OpenAI-compatible
 * provider: tasks escalated from {@code fast} arrive with their history, a failure here is final
 * (nothing above to escalate to), and a cancelled batch's tasks end CANCELLED without a call.
 * Its dead-letter producer takes small requests, so a copy too large for it is written without
 * its value.
 */
@QuarkusTest
@TestProfile(TopTierKafkaTest.QualityTier.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPIC_PREFIX_ARG, value = TopTierKafkaTest.PREFIX))
@QuarkusTestResource(value = ScriptedChatTestResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = ScriptedChatTestResource.TIER_ARG, value = "quality"))
class TopTierKafkaTest {

    static final String PREFIX = "worker-top-tier-test";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** The dead-letter producer's request limit here: smaller than the oversized record of the DLQ test. */
    private static final int DLQ_MAX_REQUEST_SIZE = 3_100;
    /** A call the fast tier made before the router re-placed the task here. */
    private static final AttemptRecord ON_FAST = anAttempt().model("sim-fast")
            .failed("OUTPUT_REJECTED", "the answer is not valid JSON").latencyMs(640).tokens(1_000, 200).cost(0.00027)
            .build();

    /** Its own profile, so this test gets its own application serving tier quality. */
    public static class QualityTier implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("taskfleet.worker.tier", "quality", "quarkus.http.test-port", "0",
                    "mp.messaging.outgoing.dead-letters.max.request.size", Integer.toString(DLQ_MAX_REQUEST_SIZE));
        }
    }

    @Inject
    TopicNames topics;
    @Inject
    CancellationRegistry cancellations;

    private final String bootstrap = TestBrokers.shared().bootstrapServers();

    private static RoutedTask escalatedFromFast(Task task) {
        return aRoutedTask().task(task).onTier("quality").attempt(2)
                .routing("escalation", 0, "escalated from fast: OUTPUT_REJECTED").history(ON_FAST).build();
    }

    @Test
    void aSuccessAfterTwoPlacementsCarriesTheEarlierHistoryAndSummedTokensAndCost() {
        String batch = "batch-" + UUID.randomUUID();
        Instant submitted = Instant.now().minusSeconds(5);
        RoutedTask routed = escalatedFromFast(TaskBuilder.task().id(batch + "-1").batch(batch).team("search").run(2)
                .createdAt(submitted).prompt("json-answer " + batch).expect(OutputExpectation.json()).build());

        TaskResult result = resultOf(batch, routed);

        assertThat(result.status()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(result.tier()).isEqualTo("quality");
        assertThat(result.history()).hasSize(2);
        assertThat(result.history().get(0)).isEqualTo(ON_FAST);
        assertThat(result.history().get(1)).satisfies(call -> {
            assertThat(call.tier()).isEqualTo("quality");
            assertThat(call.model()).isEqualTo("gpt-e2e");
            assertThat(call.outcome()).isEqualTo(AttemptRecord.SUCCEEDED);
        });
        // quality's prices from application.properties: 3 and 15 USD per million tokens.
        double here = 42 * 3 / 1e6 + 7 * 15 / 1e6;
        assertThat(result.attempts()).isEqualTo(2);
        assertThat(result.inputTokens()).isEqualTo(1_000 + 42);
        assertThat(result.outputTokens()).isEqualTo(200 + 7);
        assertThat(result.costUsd()).isCloseTo(0.00027 + here, within(1e-12));
        assertThat(result.team()).isEqualTo("search");
        assertThat(result.run()).isEqualTo(2);
        assertThat(result.submittedAt()).isEqualTo(submitted);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                metric("taskfleet_model_cost_total{team=\"search\",tier=\"quality\"}")).isCloseTo(here, within(1e-12)));
    }

    @Test
    void anAnswerFailingItsExpectationOnTheTopTierIsAFailedResultListingEveryCallAndNoEscalation() {
        String batch = "batch-" + UUID.randomUUID();
        RoutedTask routed = escalatedFromFast(TaskBuilder.task().id(batch + "-1").batch(batch)
                .prompt("prose-answer " + batch).expect(OutputExpectation.json()).build());

        try (TopicCollector escalations = new TopicCollector(bootstrap, topics.escalations())) {
            TaskResult result = resultOf(batch, routed);

            assertThat(result.status()).isEqualTo(ResultStatus.FAILED);
            assertThat(result.error().code()).isEqualTo("OUTPUT_REJECTED");
            assertThat(result.error().message()).isEqualTo("the answer is not valid JSON");
            assertThat(result.history()).extracting(AttemptRecord::tier).containsExactly("fast", "quality");
            assertThat(result.history()).extracting(AttemptRecord::outcome)
                    .containsExactly("OUTPUT_REJECTED", "OUTPUT_REJECTED");
            assertThat(result.attempts()).isEqualTo(2);
            assertThat(escalations.records()).noneMatch(r -> r.value().contains(batch));
        }
        assertThat(metric("taskfleet_output_rejected_total{tier=\"quality\"}")).isPositive();
    }

    @Test
    void batchEventsAWorkerDoesNotHandleAreSkippedAndTheCancellationAfterThemArrives() {
        String batch = "batch-" + UUID.randomUUID();
        // Same key, same partition: the cancellation is read after both.
        KafkaTestClients.send(bootstrap, topics.batches(), batch, EventCodec.encode(aBatchEvent().batch(batch)
                .routed("quality", new TierRouting(3, 0, 0, 0)).build()));
        KafkaTestClients.send(bootstrap, topics.batches(), batch, "{\"schemaVersion\":1,\"batchId\":\"" + batch
                + "\",\"type\":\"REPRIORITISED\",\"priority\":7}");
        KafkaTestClients.send(bootstrap, topics.batches(), batch, EventCodec.encode(aBatchEvent().batch(batch)
                .cancelled().occurredAt(Instant.now()).build()));

        await().atMost(PATIENCE).until(() -> cancellations.isCancelled(batch, 1));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void tasksOfACancelledBatchEndCancelledWithoutAModelCall() {
        String batch = "batch-" + UUID.randomUUID();
        BatchEvent cancelled = aBatchEvent().batch(batch).team("search").cancelled().occurredAt(Instant.now()).build();
        double cancelledBefore = metric("taskfleet_tasks_completed_total{priority=\"standard\",status=\"cancelled\",team=\"search\",tier=\"quality\"}");
        KafkaTestClients.send(bootstrap, topics.batches(), batch, EventCodec.encode(cancelled));
        await().atMost(PATIENCE).until(() -> cancellations.isCancelled(batch, 1));

        Map<String, String> records = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            RoutedTask routed = escalatedFromFast(TaskBuilder.task().id(batch + "-" + i).batch(batch).team("search")
                    .prompt("cancelled " + batch).build());
            records.put(routed.task().id(), EventCodec.encode(routed));
        }
        try (ResultsCollector results = new ResultsCollector(bootstrap, topics.results())) {
            KafkaTestClients.sendAll(bootstrap, topics.tier("quality"), records);
            await().atMost(PATIENCE).until(() -> results.countOfBatch(batch) >= 3);

            assertThat(results.resultsOfBatch(batch)).hasSize(3).allSatisfy(result -> {
                assertThat(result.status()).isEqualTo(ResultStatus.CANCELLED);
                assertThat(result.history()).containsExactly(ON_FAST);
                assertThat(result.attempts()).isEqualTo(1);
                assertThat(result.costUsd()).isCloseTo(0.00027, within(1e-12));
            });
        }
        assertThat(ScriptedChatTestResource.requestsOf("quality")).noneMatch(r -> r.body().contains(batch));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                metric("taskfleet_tasks_completed_total{priority=\"standard\",status=\"cancelled\",team=\"search\",tier=\"quality\"}"))
                .isEqualTo(cancelledBefore + 3));
    }

    @Test
    void tasksOfARunStoppedAtItsTeamsBudgetEndBudgetExceededWithoutAModelCall() {
        String batch = "batch-" + UUID.randomUUID();
        BatchEvent stopped = aBatchEvent().batch(batch).team("search").type(BatchEvent.Type.BUDGET_EXCEEDED)
                .occurredAt(Instant.now()).taskCount(0).run(1).build();
        KafkaTestClients.send(bootstrap, topics.batches(), batch, EventCodec.encode(stopped));
        await().atMost(PATIENCE).until(() -> cancellations.stoppedAs(batch, 1).isPresent());

        Map<String, String> records = new LinkedHashMap<>();
        for (int i = 0; i < 2; i++) {
            RoutedTask routed = escalatedFromFast(TaskBuilder.task().id(batch + "-" + i).batch(batch).team("search")
                    .prompt("over budget " + batch).build());
            records.put(routed.task().id(), EventCodec.encode(routed));
        }
        try (ResultsCollector results = new ResultsCollector(bootstrap, topics.results())) {
            KafkaTestClients.sendAll(bootstrap, topics.tier("quality"), records);
            await().atMost(PATIENCE).until(() -> results.countOfBatch(batch) >= 2);

            assertThat(results.resultsOfBatch(batch)).hasSize(2).allSatisfy(result -> {
                assertThat(result.status()).isEqualTo(ResultStatus.BUDGET_EXCEEDED);
                assertThat(result.history()).as("what the fast tier charged before the stop").containsExactly(ON_FAST);
            });
        }
        assertThat(ScriptedChatTestResource.requestsOf("quality")).noneMatch(r -> r.body().contains(batch));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                metric("taskfleet_tasks_completed_total{priority=\"standard\",status=\"budget_exceeded\",team=\"search\",tier=\"quality\"}"))
                .isGreaterThanOrEqualTo(2));
    }

    @Test
    void aDeadLetterTooLargeForTheTopicIsWrittenWithoutItsValueAndTheWorkerGoesOn() {
        String batch = "batch-" + UUID.randomUUID();
        String key = "oversized-" + batch;
        RoutedTask after = escalatedFromFast(TaskBuilder.task().id(batch + "-after").batch(batch)
                .prompt("json-answer " + batch).build());

        try (TopicCollector dlq = new TopicCollector(bootstrap, topics.deadLetters())) {
            KafkaTestClients.send(bootstrap, topics.tier("quality"), key, "x".repeat(DLQ_MAX_REQUEST_SIZE + 900));
            assertThat(resultOf(batch, after).taskId()).isEqualTo(after.task().id());

            await().atMost(PATIENCE).until(() -> dlq.records().stream().anyMatch(r -> key.equals(r.key())));
            ConsumerRecord<String, String> copy = dlq.records().stream().filter(r -> key.equals(r.key()))
                    .findFirst().orElseThrow();
            assertThat(copy.value()).isNull();
            assertThat(header(copy, DeadLetterHeaders.REASON)).endsWith(DeadLetterRecords.VALUE_DROPPED);
            assertThat(header(copy, DeadLetterHeaders.REASON_CODE)).isEqualTo(DeadLetterReasons.UNPARSEABLE);
            assertThat(header(copy, DeadLetterHeaders.SERVICE)).isEqualTo("worker");
        }
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private TaskResult resultOf(String batch, RoutedTask routed) {
        try (ResultsCollector results = new ResultsCollector(bootstrap, topics.results())) {
            KafkaTestClients.send(bootstrap, topics.tier("quality"), routed.task().id(), EventCodec.encode(routed));
            await().atMost(PATIENCE).until(() -> results.countOfBatch(batch) >= 1);
            return results.resultsOfBatch(batch).get(0);
        }
    }
}
