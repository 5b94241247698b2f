package dev.taskfleet.worker.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

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
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The worker with tier {@code fast} on the OpenAI-compatible provider, end to end: routed tasks in
 * through the real broker, calls to a scripted chat server on localhost, results out with the
 * server's token counts, their cost at the configured prices and the number of calls each took.
 */
@QuarkusTest
@TestProfile(OpenAiWorkerKafkaTest.OpenAiTier.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPIC_PREFIX_ARG, value = OpenAiWorkerKafkaTest.PREFIX))
@QuarkusTestResource(value = ScriptedChatTestResource.class, restrictToAnnotatedClass = true)
class OpenAiWorkerKafkaTest {

    static final String PREFIX = "worker-openai-test";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** Its own profile, so this test gets its own application (and its own provider) apart from the simulated one. */
    public static class OpenAiTier implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.test-port", "0");
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
                "taskfleet_model_auth_failures_total{tier=\"fast\"} 0.0",
                "taskfleet_rate_limit_wait_seconds_bucket{",
                "taskfleet_model_tokens_total{kind=\"input\",tier=\"fast\"}",
                "taskfleet_model_cost_total{tier=\"fast\"}");
    }
}
