package dev.taskfleet.worker.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.contract.EscalationRequest;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.OutputExpectation;
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
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The worker with tier {@code fast} (of {@code fast,quality}) on the OpenAI-compatible provider, end
 * to end: routed tasks in through the real broker, calls to a scripted chat server on localhost,
 * results out with the server's token counts, their cost at the configured prices and the number of
 * calls each took; answers failing their task's expectation out as escalation requests instead.
 */
@QuarkusTest
@TestProfile(OpenAiWorkerKafkaTest.OpenAiTier.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPIC_PREFIX_ARG, value = OpenAiWorkerKafkaTest.PREFIX))
@QuarkusTestResource(value = ScriptedChatTestResource.class, restrictToAnnotatedClass = true)
class OpenAiWorkerKafkaTest {

    static final String PREFIX = "worker-openai-test";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /**
     * Its own profile, so this test gets its own application (and its own provider) apart from the
     * simulated one. A rate limit far above what the tests send, so that the quota split runs.
     */
    public static class OpenAiTier implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.test-port", "0",
                    "taskfleet.tiers.fast.rate-limit.requests-per-minute", "600000",
                    "taskfleet.worker.quota-split-interval", "200ms");
        }
    }

    @Inject
    TopicNames topics;

    @Test
    void runsRoutedTasksThroughTheProviderWithTokensCostAndAttemptsOnEveryResult() {
        assertThat(topics.results()).startsWith(PREFIX);
        String batch = "batch-" + UUID.randomUUID();
        Map<String, String> records = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            String prompt = (i % 2 == 0 ? "flaky " : "steady ") + batch + " #" + i;
            RoutedTask routed = TaskBuilder.task().id(batch + "-" + i).batch(batch).type("refactor").prompt(prompt)
                    .routedTo("fast");
            records.put(routed.task().id(), EventCodec.encode(routed));
        }
        String bootstrap = TestBrokers.shared().bootstrapServers();

        try (ResultsCollector results = new ResultsCollector(bootstrap, topics.results())) {
            KafkaTestClients.sendAll(bootstrap, topics.tier("fast"), records);
            await().atMost(PATIENCE).until(() -> results.countOfBatch(batch) >= records.size());

            assertThat(results.resultsOfBatch(batch)).hasSize(records.size()).allSatisfy(result -> {
                assertThat(result.status()).isEqualTo(ResultStatus.SUCCEEDED);
                assertThat(result.model()).isEqualTo("gpt-e2e");
                assertThat(result.output()).isEqualTo("answer");
                assertThat(result.inputTokens()).isEqualTo(ScriptedChatTestResource.PROMPT_TOKENS);
                assertThat(result.outputTokens()).isEqualTo(ScriptedChatTestResource.COMPLETION_TOKENS);
                // fast's prices from application.properties: 0.15 and 0.60 USD per million tokens.
                assertThat(result.costUsd()).isCloseTo(42 * 0.15 / 1e6 + 7 * 0.60 / 1e6, within(1e-12));
            });
            Map<String, TaskResult> byId = results.byTaskId();
            for (int i = 0; i < 6; i++) {
                assertThat(byId.get(batch + "-" + i).attempts()).as("attempts of task %d", i)
                        .isEqualTo(i % 2 == 0 ? 2 : 1);
            }
        }

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains(
                "taskfleet_model_retries_total{code=\"PROVIDER_ERROR\",tier=\"fast\"}",
                "taskfleet_model_auth_failures_total{tier=\"fast\"}",
                "taskfleet_rate_limit_wait_seconds_bucket{",
                "taskfleet_rate_limit_share{tier=\"fast\"}",
                "taskfleet_model_tokens_total{kind=\"input\",team=\"default\",tier=\"fast\"}",
                "taskfleet_model_cost_total{team=\"default\",tier=\"fast\"}",
                "taskfleet_task_queue_wait_seconds_bucket{",
                "taskfleet_task_end_to_end_seconds_bucket{");
    }

    @Test
    void answersFailingTheirExpectationOnFastAreEscalatedWithTheirHistoryAndGetNoResult() throws Exception {
        String batch = "batch-" + UUID.randomUUID();
        JsonNode schema = EventCodec.mapper().readTree("{\"type\":\"object\",\"required\":[\"score\"]}");
        Map<String, RoutedTask> tasks = new LinkedHashMap<>();
        tasks.put("json", TaskBuilder.task().id(batch + "-json").batch(batch).prompt("prose-answer " + batch)
                .expect(OutputExpectation.json()).routedTo("fast"));
        tasks.put("schema", TaskBuilder.task().id(batch + "-schema").batch(batch).prompt("json-answer " + batch)
                .expect(OutputExpectation.jsonSchema(schema)).routedTo("fast"));
        tasks.put("regex", TaskBuilder.task().id(batch + "-regex").batch(batch).prompt("prose-answer " + batch)
                .expect(OutputExpectation.regex("^\\d+$")).routedTo("fast"));
        // Passes its check, so it is the last record of the batch to be settled only if the others were too.
        RoutedTask passing = TaskBuilder.task().id(batch + "-ok").batch(batch).prompt("json-answer " + batch)
                .expect(OutputExpectation.json()).routedTo("fast");
        double escalatedBefore = metric("taskfleet_tasks_escalated_total{code=\"OUTPUT_REJECTED\",from_tier=\"fast\"}");
        double rejectedBefore = metric("taskfleet_output_rejected_total{tier=\"fast\"}");
        String bootstrap = TestBrokers.shared().bootstrapServers();

        try (ResultsCollector results = new ResultsCollector(bootstrap, topics.results());
                TopicCollector escalations = new TopicCollector(bootstrap, topics.escalations())) {
            Map<String, String> records = new LinkedHashMap<>();
            tasks.values().forEach(routed -> records.put(routed.task().id(), EventCodec.encode(routed)));
            records.put(passing.task().id(), EventCodec.encode(passing));
            KafkaTestClients.sendAll(bootstrap, topics.tier("fast"), records);

            await().atMost(PATIENCE).until(() -> requestsOf(escalations, batch).size() >= 3
                    && results.countOfBatch(batch) >= 1);

            Map<String, EscalationRequest> byTask = requestsOf(escalations, batch).stream()
                    .collect(Collectors.toMap(r -> r.task().id(), r -> r));
            assertThat(byTask).containsOnlyKeys(batch + "-json", batch + "-schema", batch + "-regex");
            assertThat(byTask.values()).allSatisfy(request -> {
                assertThat(request.fromTier()).isEqualTo("fast");
                assertThat(request.error().code()).isEqualTo("OUTPUT_REJECTED");
                assertThat(request.workerId()).isNotBlank();
                assertThat(request.history()).as("fast asks twice (the standard tier's max-output-rejections)")
                        .hasSize(2).allSatisfy(call -> {
                    assertThat(call.tier()).isEqualTo("fast");
                    assertThat(call.model()).isEqualTo("gpt-e2e");
                    assertThat(call.outcome()).isEqualTo("OUTPUT_REJECTED");
                    assertThat(call.inputTokens()).isEqualTo(ScriptedChatTestResource.PROMPT_TOKENS);
                    assertThat(call.costUsd()).isPositive();
                });
            });
            assertThat(byTask.get(batch + "-json").routed()).isEqualTo(tasks.get("json"));
            assertThat(byTask.get(batch + "-json").history().get(0).detail()).isEqualTo("the answer is not valid JSON");
            assertThat(byTask.get(batch + "-schema").history().get(0).detail()).contains("does not match the schema");
            assertThat(byTask.get(batch + "-regex").history().get(0).detail()).contains("does not match the pattern");
            assertThat(escalations.records()).filteredOn(r -> r.value().contains(batch))
                    .allSatisfy(r -> assertThat(r.key()).startsWith(batch));

            assertThat(results.resultsOfBatch(batch)).singleElement().satisfies(result -> {
                assertThat(result.taskId()).isEqualTo(passing.task().id());
                assertThat(result.status()).isEqualTo(ResultStatus.SUCCEEDED);
                assertThat(result.output()).isEqualTo(ScriptedChatTestResource.JSON_ANSWER);
                assertThat(result.history()).extracting(AttemptRecord::outcome).containsExactly("SUCCEEDED");
            });
        }
        // Counted just after Kafka acknowledges each request: wait for the last count.
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                metric("taskfleet_tasks_escalated_total{code=\"OUTPUT_REJECTED\",from_tier=\"fast\"}"))
                .isEqualTo(escalatedBefore + 3));
        assertThat(metric("taskfleet_output_rejected_total{tier=\"fast\"}")).isEqualTo(rejectedBefore + 6);
    }

    @Test
    void aRevokedKeyIsAFailedResultAndNoEscalation() {
        String batch = "batch-" + UUID.randomUUID();
        RoutedTask routed = TaskBuilder.task().id(batch + "-401").batch(batch).team("payments")
                .prompt("revoked-key " + batch).routedTo("fast");
        String bootstrap = TestBrokers.shared().bootstrapServers();

        try (ResultsCollector results = new ResultsCollector(bootstrap, topics.results());
                TopicCollector escalations = new TopicCollector(bootstrap, topics.escalations())) {
            KafkaTestClients.send(bootstrap, topics.tier("fast"), routed.task().id(), EventCodec.encode(routed));

            await().atMost(PATIENCE).until(() -> results.countOfBatch(batch) >= 1);

            assertThat(results.resultsOfBatch(batch)).singleElement().satisfies(result -> {
                assertThat(result.status()).isEqualTo(ResultStatus.FAILED);
                assertThat(result.error().code()).isEqualTo("AUTH_FAILED");
                assertThat(result.attempts()).isEqualTo(1);
                assertThat(result.team()).isEqualTo("payments");
                assertThat(result.history()).extracting(AttemptRecord::outcome).containsExactly("AUTH_FAILED");
            });
            assertThat(requestsOf(escalations, batch)).isEmpty();
        }
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                metric("taskfleet_tasks_completed_total{priority=\"standard\",status=\"failed\",team=\"payments\",tier=\"fast\"}"))
                .isEqualTo(1));
    }

    private static List<EscalationRequest> requestsOf(TopicCollector escalations, String batch) {
        return escalations.records().stream().filter(r -> r.value().contains(batch))
                .map(r -> Events.decode(r, EscalationRequest.class)).toList();
    }

    /** The value of one Prometheus sample, 0 when absent. */
    static double metric(String sample) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith(sample + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(sample.length() + 1).trim()))
                .findFirst().orElse(0);
    }
}
